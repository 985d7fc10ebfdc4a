#!/usr/bin/env pwsh
<#
.SYNOPSIS
Walks the RollbackTools story on an embedded SQLite file: no server needed.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Demo`, which builds the module first. Each chapter of the
rollback story adds a step here as the module grows.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$workspace = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path $workspace
try {
    Write-Host "`n== 1. Connect to an embedded SQLite database ==" -ForegroundColor Cyan
    $db = Connect-MigrationDatabase -Url (Join-Path $workspace 'shop.db')
    $db | Format-Table | Out-Host

    Write-Host "== 2. Is it ready for a migration? ==" -ForegroundColor Cyan
    Test-MigrationConnection -Database $db | Format-List Provider, ServerVersion, TransactionalDdl, Latency, Url | Out-Host

    $migrations = Join-Path $PSScriptRoot 'migrations'
    Write-Host "== 3. Three paired migrations, none applied yet ==" -ForegroundColor Cyan
    Get-Migration -Path $migrations -Database $db | Format-Table | Out-Host

    Write-Host "== 4. Apply them: one result per migration, each in its own transaction ==" -ForegroundColor Cyan
    $run = Invoke-Migration -Path $migrations -Database $db
    $run | Format-Table | Out-Host

    Write-Host "== 5. Undo the last one with the down script stored in the journal ==" -ForegroundColor Cyan
    $run | Select-Object -Last 1 | Undo-Migration -Confirm:$false | Format-Table | Out-Host

    Write-Host "== 6. Where the database stands, and what happened ==" -ForegroundColor Cyan
    Get-Migration -Path $migrations -Database $db | Format-Table | Out-Host
    Get-MigrationHistory -Database $db | Format-Table | Out-Host
}
finally {
    Remove-Item -Recurse -Force $workspace -ErrorAction Ignore
}
