#!/usr/bin/env pwsh
<#
.SYNOPSIS
Performance degradation after a release: drop the indexes it created (then revert the queries).

.DESCRIPTION
Only people and dashboards can tell that a release made things slow, so this runbook states the symptom;
the plan finds the indexes the release's migrations created and drops them.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param([Parameter(Mandatory)] $Database, [Parameter(Mandatory, ValueFromPipeline)] [object[]] $Run, [string] $ReportPath)
begin { $results = [Collections.Generic.List[object]]::new() }
process { $results.AddRange($Run) }
end { $results | & (Join-Path $PSScriptRoot 'Rollback-Release.ps1') -Database $Database -ExpectedBranch PerformanceDegradation -Symptom PerformanceDegradation -ReportPath $ReportPath }
