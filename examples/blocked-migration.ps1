#!/usr/bin/env pwsh
<#
.SYNOPSIS
The seed's emergency procedure on PostgreSQL: a migration blocked behind an application's long
transaction is found, cancelled, and then run safely with a lock timeout.

.DESCRIPTION
Needs a PostgreSQL database the user may create tables in and psql on PATH (for the "application").
    ./examples/blocked-migration.ps1 -Database 'postgres://app:secret@127.0.0.1/scratch'
#>
param(
    [Parameter(Mandatory)] [string] $Database,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$db = Connect-MigrationDatabase -Url $Database
$work = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-blocked-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path $work
Set-Content (Join-Path $work '1_accounts.up.sql') 'CREATE TABLE demo_accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO demo_accounts VALUES (1, 100);'
Set-Content (Join-Path $work '1_accounts.down.sql') 'DROP TABLE demo_accounts;'
Set-Content (Join-Path $work '2_add_note.up.sql') 'ALTER TABLE demo_accounts ADD COLUMN note TEXT;'
Set-Content (Join-Path $work '2_add_note.down.sql') 'ALTER TABLE demo_accounts DROP COLUMN note;'
$application = $null
try {
    $null = Invoke-Migration -Path $work -Database $db -Count 1

    Write-Host "== 1. The application holds a lock in a long transaction ==" -ForegroundColor Cyan
    $uri = [Uri] $Database
    $env:PGPASSWORD = [Uri]::UnescapeDataString(($uri.UserInfo -split ':', 2)[1])
    $script = Join-Path $work 'application.sql'
    Set-Content $script 'BEGIN; UPDATE demo_accounts SET balance = balance + 1; SELECT pg_sleep(120); COMMIT;'
    $application = Start-Process psql -PassThru -RedirectStandardOutput (Join-Path $work 'application.log') -ArgumentList '-h', $uri.Host, '-p', $uri.Port, '-U', ($uri.UserInfo -split ':')[0], '-d', $uri.AbsolutePath.TrimStart('/'), '-q', '-f', $script
    Remove-Item Env:PGPASSWORD
    Start-Sleep -Seconds 1

    Write-Host "== 2. A deployment starts the migration; it waits for the lock ==" -ForegroundColor Cyan
    $runner = Start-ThreadJob { param($m, $w, $d) Import-Module $m; Invoke-Migration -Path $w -Database $d } -ArgumentList $ModulePath, $work, $Database
    Start-Sleep -Seconds 2

    Write-Host "== 3. Find it, and who blocks it ==" -ForegroundColor Cyan
    Get-MigrationQuery -Database $db -Pattern '%ALTER TABLE%' | Format-Table | Out-Host
    Get-MigrationQuery -Database $db -Blocking | Format-Table | Out-Host

    Write-Host "== 4. Stop the migration: the seed's pg_cancel_backend ==" -ForegroundColor Cyan
    Get-MigrationQuery -Database $db -Pattern '%ALTER TABLE%' | Stop-MigrationQuery -Confirm:$false | Format-Table | Out-Host
    Receive-Job $runner -Wait -ErrorAction SilentlyContinue | Format-Table Version, Name, Status, Reason | Out-Host
    Get-Migration -Path $work -Database $db | Format-Table | Out-Host

    Write-Host "== 5. Next time, give up after 2 s instead of queueing everyone, and retry ==" -ForegroundColor Cyan
    Invoke-Migration -Path $work -Database $db -LockTimeout 2s -RetryCount 1 -ErrorAction SilentlyContinue | Format-Table Version, Status, Reason, Retries | Out-Host
}
finally {
    if ($application -and -not $application.HasExited) { $application.Kill() }
    Undo-Migration -Database $db -All -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}
