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
Aim (issue 4): backup within 1.5x of the raw copy, restore within 1.1x of the raw upsert.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int] $Rows = 2000000,
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force

function Measure-Ms([scriptblock] $Work) { [math]::Round((Measure-Command $Work).TotalMilliseconds) }

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

        $rawCopy = Measure-Ms { $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE items_raw_copy AS SELECT * FROM items;' }
        $backup = $null
        $moduleCopy = Measure-Ms { $script:backup = New-MigrationBackup -Database $db -Table items -ProgressAction SilentlyContinue }

        $change = 'UPDATE items SET name = CONCAT(name, '' changed'') WHERE id % 10 = 1;'
        if ($name -eq 'PostgreSql') { $change = $change.Replace("CONCAT(name, ' changed')", "name || ' changed'") }
        $null = Invoke-TestSql -Url $db -Sql $change
        $upsert = if ($name -eq 'PostgreSql') {
            'INSERT INTO items SELECT * FROM items_raw_copy ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price, updated_at = EXCLUDED.updated_at;'
        }
        else {
            'INSERT INTO items SELECT * FROM items_raw_copy ON DUPLICATE KEY UPDATE name = VALUES(name), price = VALUES(price), updated_at = VALUES(updated_at);'
        }
        $rawRestore = Measure-Ms { $null = Invoke-TestSql -Url $db -Sql $upsert }
        $null = Invoke-TestSql -Url $db -Sql $change
        $moduleRestore = Measure-Ms { $null = $script:backup | Restore-MigrationBackup -Mode Upsert -Confirm:$false -ProgressAction SilentlyContinue }

        [pscustomobject]@{ Provider = $name; Rows = $Rows; Operation = 'Backup (verified)'; 'Raw (ms)' = $rawCopy; 'RollbackTools (ms)' = $moduleCopy; Ratio = [math]::Round($moduleCopy / $rawCopy, 2); Aim = 1.5 }
        [pscustomobject]@{ Provider = $name; Rows = $Rows; Operation = 'Restore Upsert (10%)'; 'Raw (ms)' = $rawRestore; 'RollbackTools (ms)' = $moduleRestore; Ratio = [math]::Round($moduleRestore / $rawRestore, 2); Aim = 1.1 }
    }
    finally {
        Remove-TestDatabase $db
    }
}
$results | Format-Table -AutoSize | Out-Host
