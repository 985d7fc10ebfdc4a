#!/usr/bin/env pwsh
<#
.SYNOPSIS
(a) The median time from calling Stop-MigrationQuery to the query being gone; (b) the worst latency a
reader of a table sees while a migration waits behind a long transaction on it, with and without
-LockTimeout 2s. PostgreSQL and MariaDB.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. In (b) an application transaction reads the table and
keeps running for -HoldSeconds; the migration's ALTER TABLE queues for its exclusive lock, and every
later reader queues behind the ALTER. Without a lock timeout the readers wait for the whole
transaction; with -LockTimeout 2s the migration steps aside after two seconds and the readers go on.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql'),
    [int] $StopSamples = 9,
    [int] $HoldSeconds = 8
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$helpers = Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1'
Import-Module $helpers -Force

function Get-Sleep([string] $name, [int] $seconds) { if ($name -eq 'PostgreSql') { "SELECT pg_sleep($seconds);" } else { "DO SLEEP($seconds);" } }
function Get-Begin([string] $name) { if ($name -eq 'PostgreSql') { 'BEGIN;' } else { 'START TRANSACTION;' } }

$rows = foreach ($name in $Provider) {
    $db = New-TestDatabase $name
    try {
        $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO accounts VALUES (1, 100);'

        # (a) Stop latency.
        $samples = foreach ($i in 1..$StopSamples) {
            $holder = Start-TestSqlProcess -Url $db -Sql (Get-Sleep $name 60)
            $id = (Wait-TestCondition { Get-MigrationQuery -Database $db -Match 'sleep' } 'the sleeping query').Id
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = Stop-MigrationQuery -Database $db -Id $id -Confirm:$false
            $clock.Stop()
            if (-not $result.Stopped) { throw "Session $id was not stopped: $($result.Detail)" }
            if (-not $holder.HasExited) { $holder.Kill() }
            $clock.Elapsed.TotalMilliseconds
        }
        $median = ($samples | Sort-Object)[[int][math]::Floor($samples.Count / 2)]

        # (b) Reader latency behind a waiting migration.
        $latency = foreach ($lockTimeout in @($null, '2s')) {
            $folder = New-TestMigrationFolder @{ '1_note.up.sql' = 'ALTER TABLE accounts ADD COLUMN note VARCHAR(20);'; '1_note.down.sql' = 'ALTER TABLE accounts DROP COLUMN note;' }
            $holder = Start-TestSqlProcess -Url $db -Sql "$(Get-Begin $name)`nSELECT * FROM accounts;`n$(Get-Sleep $name $HoldSeconds)`nCOMMIT;"
            $null = Wait-TestCondition { Get-MigrationQuery -Database $db -Match 'sleep' } 'the application transaction'
            $migration = Start-ThreadJob -ArgumentList $ModulePath, $folder, $db, $lockTimeout {
                param($module, $folder, $db, $lockTimeout)
                Import-Module $module
                $options = @{}
                if ($lockTimeout) { $options.LockTimeout = $lockTimeout }
                Invoke-Migration -Path $folder -Database $db @options -ErrorAction SilentlyContinue
            }
            $null = Wait-TestCondition { Get-MigrationQuery -Database $db -Pattern '%ALTER TABLE%' } 'the migration to wait'
            $reader = Start-ThreadJob -ArgumentList $helpers, $db, ($HoldSeconds + 2) {
                param($helpers, $db, $seconds)
                Import-Module $helpers
                $until = (Get-Date).AddSeconds($seconds)
                $worst = 0
                while ((Get-Date) -lt $until) {
                    $took = (Measure-Command { $null = Invoke-TestSql -Url $db -Sql 'SELECT balance FROM accounts WHERE id = 1;' }).TotalMilliseconds
                    $worst = [math]::Max($worst, $took)
                }
                $worst
            }
            $worst = Receive-Job $reader -Wait -AutoRemoveJob
            $null = Receive-Job $migration -Wait -AutoRemoveJob
            $holder | Wait-Process -Timeout 60 -ErrorAction SilentlyContinue
            $null = Undo-Migration -Database $db -All -Confirm:$false -ErrorAction SilentlyContinue
            $null = Set-MigrationState -Database $db -Version 1 -State Pending -Confirm:$false -ErrorAction SilentlyContinue
            Remove-Item -Recurse -Force $folder
            [math]::Round($worst)
        }

        [pscustomobject]@{
            Provider                                 = $name
            'Stop median (ms)'                       = [math]::Round($median)
            'Worst reader wait, no lock timeout (ms)' = $latency[0]
            'Worst reader wait, -LockTimeout 2s (ms)' = $latency[1]
        }
    }
    finally {
        Remove-TestDatabase $db
    }
}
$rows | Format-List | Out-Host
