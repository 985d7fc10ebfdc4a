#!/usr/bin/env pwsh
<#
.SYNOPSIS
The seed's last resort, one table at a time: recover a copy of the database to the restore point taken
before the release, put the damaged tables back from it (dropped columns included), and remove the copy.

.DESCRIPTION
For a DataCorruption incident where no table backup exists but a restore point does. Production keeps
running; only the tables named are replaced, each first copied into a verified table backup, then restored
and checked. The copy is removed whatever happens. PostgreSQL: needs the base backup taken before the
point and the WAL archive.

.EXAMPLE
./Rollback-PointInTime.ps1 -Database $db -RestorePoint before_v42 -Table orders -BaseBackup /backups/base -WalArchive /archive -CopyPath /srv/recovered -Port 5499
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory)] $Database,
    [Parameter(Mandatory)] [string] $RestorePoint,
    [Parameter(Mandatory)] [string[]] $Table,
    [Parameter(Mandatory)] [string] $BaseBackup,
    [Parameter(Mandatory)] [string] $WalArchive,
    [Parameter(Mandatory)] [string] $CopyPath,
    [Parameter(Mandatory)] [int] $Port,
    [string] $ReportPath,
    [datetime] $Since = (Get-Date).AddHours(-1)
)

$ErrorActionPreference = 'Stop'
$point = Get-MigrationRestorePoint -Database $Database -Name $RestorePoint
if (-not $point) { throw "$Database has no restore point named $RestorePoint (Get-MigrationRestorePoint lists them)." }
if (-not $PSCmdlet.ShouldProcess("$($Table -join ', ') on $Database", "Replace with the tables as they were at restore point $RestorePoint")) { return }

$copy = Restore-MigrationDatabase -RestorePoint $point -BaseBackup $BaseBackup -WalArchive $WalArchive -Path $CopyPath -Port $Port -Confirm:$false
try {
    $then = (Get-MigrationSchema -Database $copy).Objects | Where-Object Kind -eq 'Column'
    $now = (Get-MigrationSchema -Database $Database).Objects | Where-Object Kind -eq 'Column'
    foreach ($name in $Table) {
        # Columns the release dropped come back first, with their type; then every row as it was.
        $dropped = @($then | Where-Object { $_.Name -like "$name.*" -and $_.Name -notin $now.Name } | ForEach-Object { $_.Name.Substring($name.Length + 1) })
        if ($dropped) { Restore-MigrationBackup -FromDatabase $copy -Table $name -Columns $dropped -Database $Database -Confirm:$false }
        Restore-MigrationBackup -FromDatabase $copy -Table $name -Mode Replace -Database $Database -Confirm:$false
    }
}
finally {
    $copy | Remove-MigrationDatabase -Confirm:$false
}
if ($ReportPath) { New-MigrationIncidentReport -Database $Database -Since $Since -OutFile $ReportPath | Out-Null }
