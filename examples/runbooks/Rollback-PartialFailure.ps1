#!/usr/bin/env pwsh
<#
.SYNOPSIS
Partial failure: some migrations of the release applied, one failed. Fix forward if possible, else full rollback.

.DESCRIPTION
This runbook is the full rollback: every migration the release applied is undone, newest first, and a
Dirty one is undone with -Force. To fix forward instead, correct the failing script and run
Invoke-Migration again.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param([Parameter(Mandatory)] $Database, [Parameter(Mandatory, ValueFromPipeline)] [object[]] $Run, [string] $ReportPath)
begin { $results = [Collections.Generic.List[object]]::new() }
process { $results.AddRange($Run) }
end { $results | & (Join-Path $PSScriptRoot 'Rollback-Release.ps1') -Database $Database -ExpectedBranch PartialFailure -ReportPath $ReportPath }
