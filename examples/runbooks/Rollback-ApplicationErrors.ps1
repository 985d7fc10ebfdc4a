#!/usr/bin/env pwsh
<#
.SYNOPSIS
Application errors after a release: roll back the application, then the schema.

.EXAMPLE
$run | ./Rollback-ApplicationErrors.ps1 -Database $db -ApplicationRollback { kubectl rollout undo deployment/myapp }
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param([Parameter(Mandatory)] $Database, [Parameter(Mandatory, ValueFromPipeline)] [object[]] $Run, [Parameter(Mandatory)] [scriptblock] $ApplicationRollback, [string] $ReportPath)
begin { $results = [Collections.Generic.List[object]]::new() }
process { $results.AddRange($Run) }
end { $results | & (Join-Path $PSScriptRoot 'Rollback-Release.ps1') -Database $Database -ExpectedBranch ApplicationErrors -Symptom ApplicationErrors -ApplicationRollback $ApplicationRollback -ReportPath $ReportPath }
