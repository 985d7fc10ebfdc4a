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

    Write-Host "== 7. A verified backup before a destructive migration ==" -ForegroundColor Cyan
    $backup = New-MigrationBackup -Database $db -Table customers
    $backup | Format-Table | Out-Host
    $destructive = Join-Path $workspace 'destructive'
    $null = New-Item -ItemType Directory -Path $destructive
    Copy-Item (Join-Path $migrations '*') $destructive
    Set-Content (Join-Path $destructive '20240104090000_drop_legacy_field.up.sql') 'ALTER TABLE customers DROP COLUMN legacy_field;'
    Set-Content (Join-Path $destructive '20240104090000_drop_legacy_field.down.sql') 'ALTER TABLE customers ADD COLUMN legacy_field VARCHAR(50);'
    Invoke-Migration -Path $destructive -Database $db -Target 20240104090000 | Format-Table | Out-Host

    Write-Host "== 8. The column is gone; the seed's column restore brings its values back ==" -ForegroundColor Cyan
    $restore = $backup | Restore-MigrationBackup -Columns legacy_field -Confirm:$false
    $restore | Format-Table | Out-Host
    Write-Host "Verified = $($restore.Verified): every customer's legacy_field now matches the backup, row by row (checksummed by primary key)."
    $backup | Test-MigrationBackup | Format-Table | Out-Host

    Write-Host "== 9. A down script that forgets an index is caught before it ships ==" -ForegroundColor Cyan
    $careless = Join-Path $workspace 'careless'
    $null = New-Item -ItemType Directory -Path $careless
    Set-Content (Join-Path $careless '20240105090000_shipping.up.sql') "ALTER TABLE orders ADD COLUMN shipped_at VARCHAR(30);`nCREATE INDEX ix_orders_total ON orders (total);"
    Set-Content (Join-Path $careless '20240105090000_shipping.down.sql') 'ALTER TABLE orders DROP COLUMN shipped_at;'
    $test = Test-MigrationRollback -Path $careless -Database $db -InTransaction -Confirm:$false -ErrorAction SilentlyContinue
    $test | Format-Table Version, Name, Passed, FailedAt | Out-Host
    $test.Differences | Format-Table Change, Kind, Name, Property | Out-Host

    Write-Host "== 10. Soft delete: rename, don't drop; and the way back ==" -ForegroundColor Cyan
    Remove-MigrationTable -Database $db -Name orders -Confirm:$false | Format-Table | Out-Host
    Get-DeprecatedObject -Database $db | Format-Table | Out-Host
    Get-DeprecatedObject -Database $db -Name orders | Restore-DeprecatedObject -Confirm:$false | Out-Null
    Write-Host "Restored: Get-DeprecatedObject lists $(@(Get-DeprecatedObject -Database $db).Count) object(s), and the orders table is back under its name."
    Get-MigrationSchema -Database $db | Format-Table | Out-Host

    Write-Host "== 11. The pre-migration checklist for a release that fails ==" -ForegroundColor Cyan
    $release = Join-Path $workspace 'release'
    $null = New-Item -ItemType Directory -Path $release
    Copy-Item (Join-Path $migrations '*') $release
    Set-Content (Join-Path $release '20240106090000_loyalty.up.sql') "ALTER TABLE customers ADD COLUMN loyalty INTEGER;`nUPDATE customers SET loyalty = 1;`nINSERT INTO loyalty_tiers VALUES (1);"
    Set-Content (Join-Path $release '20240106090000_loyalty.down.sql') 'ALTER TABLE customers DROP COLUMN loyalty;'
    $start = Get-Date
    $null = New-MigrationBackup -Database $db -Table customers
    Test-MigrationReadiness -Path $release -Database $db | Format-Table Status, Name, Detail | Out-Host

    Write-Host "== 12. It fails part way: the decision tree chooses, the plan is carried out ==" -ForegroundColor Cyan
    Set-Content (Join-Path $release '20240105090000_vip.up.sql') 'CREATE TABLE vip (customer_id INTEGER PRIMARY KEY);'
    Set-Content (Join-Path $release '20240105090000_vip.down.sql') 'DROP TABLE vip;'
    $run = Invoke-Migration -Path $release -Database $db -AllowModified -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $run | Format-Table | Out-Host
    $plan = $run | Get-RollbackPlan
    $plan | Out-Host
    $plan | Invoke-RollbackPlan -Confirm:$false | Format-Table | Out-Host

    Write-Host "== 13. The incident report tells the story ==" -ForegroundColor Cyan
    New-MigrationIncidentReport -Database $db -Since $start | Out-Host

    Write-Host "== 14. Adopting a database built elsewhere: a baseline, then a drift check ==" -ForegroundColor Cyan
    $legacy = Connect-MigrationDatabase -Url (Join-Path $workspace 'legacy.db')
    # Another team built it from the same folder, keeping its own journal table.
    $null = Invoke-Migration -Path $migrations -Database $legacy -JournalTable other_team_journal -Target 20240102090000
    Invoke-Migration -Path $migrations -Database $legacy -Baseline 20240102090000 | Format-Table | Out-Host
    Invoke-Migration -Path $migrations -Database $legacy | Format-Table | Out-Host
    Write-Host 'Test-MigrationDrift rebuilds the applied migrations in a scratch file and compares: the other team''s tables are what the migrations never built.'
    Test-MigrationDrift -Path $migrations -Database $legacy | Where-Object Kind -eq 'Table' | Format-Table Change, Kind, Name | Out-Host
}
finally {
    Remove-Item -Recurse -Force $workspace -ErrorAction Ignore
}
