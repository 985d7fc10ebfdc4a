#!/usr/bin/env pwsh
<#
.SYNOPSIS
Data corruption: a table the release changed no longer matches its backup. Restore from backup.

.DESCRIPTION
The plan restores each damaged table from its newest verified backup with -Mode Replace, checked
against the backup's checksum in the same transaction.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param([Parameter(Mandatory)] $Database, [Parameter(ValueFromPipeline)] [object[]] $Run, [string] $ReportPath)
begin { $results = [Collections.Generic.List[object]]::new() }
process { if ($Run) { $results.AddRange($Run) } }
end { $results | & (Join-Path $PSScriptRoot 'Rollback-Release.ps1') -Database $Database -ExpectedBranch DataCorruption -ReportPath $ReportPath }
