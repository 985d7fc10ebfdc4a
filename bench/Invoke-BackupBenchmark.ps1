#!/usr/bin/env pwsh
<#
.SYNOPSIS
Times New-MigrationBackup (with its verification) against a raw CREATE TABLE ... AS SELECT, and
Restore-MigrationBackup -Mode Upsert (10% of rows changed) against the seed's raw upsert, on PostgreSQL
and MariaDB.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. The raw statements run through psql or mariadb on the same
server and table. The module's times include what makes its result trustworthy: the copy's count and
checksum against the source, and for a restore the backup's check before and the table's check after.
Aim (issues 4 and 18): a verified backup within 1.5x of the raw copy, an upsert restore within 1.2x of
the raw upsert. Min, median and max over -Runs runs (bench/BenchRun.psm1).
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int] $Rows = 2000000,
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql'),
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchRun.psm1') -Force

$results = foreach ($name in $Provider) {
    $db = New-TestDatabase $name
    try {
        $fill = if ($name -eq 'PostgreSql') {
            "INSERT INTO items SELECT g, 'item ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE g * 1.5 END, now() FROM generate_series(1, $Rows) g;"
        }
        else {
            "INSERT INTO items SELECT seq, CONCAT('item ', seq), CASE WHEN seq % 7 = 0 THEN NULL ELSE seq * 1.5 END, NOW() FROM seq_1_to_$Rows;"
        }
        $null = Invoke-TestSql -Url $db -Sql "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, price DECIMAL(12,2), updated_at TIMESTAMP NULL); $fill"
        $null = Invoke-TestSql -Url $db -Sql $(if ($name -eq 'PostgreSql') { 'VACUUM ANALYZE items;' } else { 'ANALYZE TABLE items;' })
        $change = 'UPDATE items SET name = CONCAT(name, '' changed'') WHERE id % 10 = 1;'
        if ($name -eq 'PostgreSql') { $change = $change.Replace("CONCAT(name, ' changed')", "name || ' changed'") }
        $upsert = if ($name -eq 'PostgreSql') {
            'INSERT INTO items SELECT * FROM items_raw_copy ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price, updated_at = EXCLUDED.updated_at;'
        }
        else {
            'INSERT INTO items SELECT * FROM items_raw_copy ON DUPLICATE KEY UPDATE name = VALUES(name), price = VALUES(price), updated_at = VALUES(updated_at);'
        }

        Measure-Trial -Name "$name, $Rows rows" -Runs $Runs -Trial {
            $rawCopy = Measure-Milliseconds { $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE items_raw_copy AS SELECT * FROM items;' }
            $backup = $null
            $moduleCopy = Measure-Milliseconds { $script:backup = New-MigrationBackup -Database $db -Table items -ProgressAction SilentlyContinue }
            $null = Invoke-TestSql -Url $db -Sql $change
            $rawRestore = Measure-Milliseconds { $null = Invoke-TestSql -Url $db -Sql $upsert }
            $null = Invoke-TestSql -Url $db -Sql $change
            $moduleRestore = Measure-Milliseconds { $null = $script:backup | Restore-MigrationBackup -Mode Upsert -Confirm:$false -ProgressAction SilentlyContinue }
            $null = Invoke-TestSql -Url $db -Sql 'DROP TABLE items_raw_copy;'
            $null = $script:backup | Remove-MigrationBackup -Confirm:$false
            [ordered]@{
                'backup, verified (aim 1.5)'     = @($rawCopy, $moduleCopy)
                'restore, upsert 10% (aim 1.2)'  = @($rawRestore, $moduleRestore)
            }
        }
    }
    finally {
        Remove-TestDatabase $db
    }
}
$results | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
