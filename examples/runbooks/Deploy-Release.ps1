#!/usr/bin/env pwsh
<#
.SYNOPSIS
The happy path: back up what the release changes, check the checklist, migrate, and verify.

.EXAMPLE
./Deploy-Release.ps1 -Path ./migrations -Database $db -Table customers, orders
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] $Database,
    [string[]] $Table = @(),
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
$start = Get-Date

# 1. Backups first: nothing destructive runs without a verified copy.
$backups = if ($Table) { New-MigrationBackup -Database $Database -Table $Table } else { @() }

# 2. The checklist, for the record; an unmet item is a warning here, a -Strict pipeline would stop.
$checklist = Test-MigrationReadiness -Path $Path -Database $Database
$checklist | Where-Object Status -eq 'Fail' | ForEach-Object { Write-Warning "$($_.Name): $($_.Detail)" }

# 3. Migrate, giving up on locks instead of queueing the application.
$run = Invoke-Migration -Path $Path -Database $Database -LockTimeout 5s -RetryCount 3 -Verify

# 4. Verify: every migration applied, no backup damaged.
$state = Get-Migration -Path $Path -Database $Database
if ($state.State -ne 'Applied') { throw "Not every migration is applied: $(($state | Where-Object State -ne 'Applied').Version -join ', ')" }
$backups | Test-MigrationBackup | Where-Object { -not $_.Passed } | ForEach-Object { throw "Backup $($_.Id) failed its check: $($_.Reason)" }
if ($ReportPath) { New-MigrationIncidentReport -Database $Database -Since $start -OutFile $ReportPath | Out-Null }

[pscustomobject]@{ Applied = @($run | Where-Object Status -eq Succeeded).Count; Backups = @($backups).Count; Checklist = $checklist }
