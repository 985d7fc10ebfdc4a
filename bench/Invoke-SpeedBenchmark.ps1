#!/usr/bin/env pwsh
<#
.SYNOPSIS
200 generated migrations (40 tables with indexes, columns, foreign keys and rows) applied and undone on
PostgreSQL and MariaDB: the database's own client (the floor) against RollbackTools in a fresh pwsh
process, as a pipeline's script task runs it, and inside an open session.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. The floor sends the very same up scripts, then the down
scripts newest first, through psql or mariadb in one process each way, every PostgreSQL migration in
its own transaction as the module runs it. RollbackTools' times include everything an operator pays:
starting PowerShell and importing the module (fresh process only), planning, the lock, the journal and
history rows. Each figure is the ratio to the floor on the same server in the same run, with its min,
median and max over -Runs runs; a run another process disturbed is measured again (bench/BenchRun.psm1).
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int] $Runs = 3,
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchRun.psm1') -Force

function New-GeneratedMigrations {
    # Five kinds of change over 40 tables, 40 migrations each, in an order whose reverse undoes cleanly.
    param([string] $Folder, [string] $Provider)
    $mysql = $Provider -eq 'MySql'
    $ups = [Collections.Generic.List[string]]::new()
    $downs = [Collections.Generic.List[string]]::new()
    $add = {
        param([string] $up, [string] $down)
        $n = $ups.Count + 1
        Set-Content -LiteralPath (Join-Path $Folder ('{0:d4}_m{0}.up.sql' -f $n)) -Value $up -NoNewline
        Set-Content -LiteralPath (Join-Path $Folder ('{0:d4}_m{0}.down.sql' -f $n)) -Value $down -NoNewline
        $ups.Add($up)
        $downs.Insert(0, $down)
    }
    foreach ($t in 1..40) {
        & $add "CREATE TABLE bench_t$t (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, parent_id INTEGER NULL);`nCREATE INDEX ix_bench_t${t}_name ON bench_t$t (name);`nINSERT INTO bench_t$t (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three');" "DROP TABLE bench_t$t;"
    }
    foreach ($t in 1..40) {
        & $add "ALTER TABLE bench_t$t ADD COLUMN note VARCHAR(100) NULL;" "ALTER TABLE bench_t$t DROP COLUMN note;"
    }
    # The index comes before the foreign key, which then uses it: MariaDB refuses to drop an index a key needs.
    foreach ($t in 1..40) {
        $dropIndex = if ($mysql) { "DROP INDEX ix_bench_t${t}_parent ON bench_t$t;" } else { "DROP INDEX ix_bench_t${t}_parent;" }
        & $add "CREATE INDEX ix_bench_t${t}_parent ON bench_t$t (parent_id, name);" $dropIndex
    }
    foreach ($t in 1..40) {
        $dropFk = if ($mysql) { "ALTER TABLE bench_t$t DROP FOREIGN KEY fk_bench_t$t;" } else { "ALTER TABLE bench_t$t DROP CONSTRAINT fk_bench_t$t;" }
        & $add "ALTER TABLE bench_t$t ADD CONSTRAINT fk_bench_t$t FOREIGN KEY (parent_id) REFERENCES bench_t1 (id);" $dropFk
    }
    foreach ($t in 1..40) {
        $values = (10..19 | ForEach-Object { "($_, 'row $_', 1)" }) -join ', '
        & $add "INSERT INTO bench_t$t (id, name, parent_id) VALUES $values;`nUPDATE bench_t$t SET note = 'seeded' WHERE id >= 10;" "DELETE FROM bench_t$t WHERE id >= 10;"
    }
    [pscustomobject]@{ Ups = $ups; Downs = $downs }
}

function Join-Floor([string[]] $Scripts, [bool] $Transactional) {
    -join ($Scripts | ForEach-Object { if ($Transactional) { "BEGIN;`n$_`nCOMMIT;`n" } else { "$_`n" } })
}

$pwsh = Get-PwshPath
$rows = foreach ($name in $Provider) {
    $folder = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-speed-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Path $folder
    try {
        $scripts = New-GeneratedMigrations -Folder $folder -Provider $name
        $transactional = $name -eq 'PostgreSql'
        $upSql = Join-Floor $scripts.Ups $transactional
        $downSql = Join-Floor $scripts.Downs $transactional
        $fresh = {
            param([string] $Command)
            & $pwsh -NoProfile -NonInteractive -Command "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$ModulePath'; $Command"
            if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh process failed: $Command" }
        }

        # In session means warm: the session has run migrations before, as an operator's open prompt has.
        $warm = New-TestDatabase $name
        $null = Invoke-Migration -Path $folder -Database $warm -ProgressAction SilentlyContinue
        $null = Undo-Migration -All -Database $warm -Confirm:$false -ProgressAction SilentlyContinue
        Remove-TestDatabase $warm

        Measure-Trial -Name "$name, 200 migrations" -Runs $Runs -Trial {
            $floorDb = New-TestDatabase $name
            $freshDb = New-TestDatabase $name
            $sessionDb = New-TestDatabase $name
            try {
                $env:ROLLBACKTOOLS_BENCH_DB = $freshDb
                $floorUp = Measure-Milliseconds { $null = Invoke-TestSql -Url $floorDb -Sql $upSql }
                $freshUp = Measure-Milliseconds { & $fresh "`$null = Invoke-Migration -Path '$folder' -Database `$env:ROLLBACKTOOLS_BENCH_DB" }
                $sessionUp = Measure-Milliseconds { $null = Invoke-Migration -Path $folder -Database $sessionDb -ProgressAction SilentlyContinue }
                $floorDown = Measure-Milliseconds { $null = Invoke-TestSql -Url $floorDb -Sql $downSql }
                $freshDown = Measure-Milliseconds { & $fresh "`$null = Undo-Migration -All -Database `$env:ROLLBACKTOOLS_BENCH_DB -Confirm:`$false" }
                $sessionDown = Measure-Milliseconds { $null = Undo-Migration -All -Database $sessionDb -Confirm:$false -ProgressAction SilentlyContinue }
                foreach ($db in $freshDb, $sessionDb) {
                    $left = @(Get-Migration -Path $folder -Database $db | Where-Object State -ne 'Pending').Count
                    if ($left) { throw "$left migrations were not undone on $name." }
                }
                [ordered]@{
                    'up, fresh pwsh'     = @($floorUp, $freshUp)
                    'up, in session'     = @($floorUp, $sessionUp)
                    'down, fresh pwsh'   = @($floorDown, $freshDown)
                    'down, in session'   = @($floorDown, $sessionDown)
                }
            }
            finally {
                Remove-Item Env:ROLLBACKTOOLS_BENCH_DB -ErrorAction Ignore
                $floorDb, $freshDb, $sessionDb | ForEach-Object { Remove-TestDatabase $_ }
            }
        }
    }
    finally {
        Remove-Item -Recurse -Force $folder -ErrorAction Ignore
    }
}

$bare = Measure-Milliseconds { & $pwsh -NoProfile -NonInteractive -Command 'exit 0' }
$rows | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
Write-Host ("A bare pwsh start on this machine: {0:n0} ms, in every fresh-process figure above." -f $bare)
