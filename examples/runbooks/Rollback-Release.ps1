#!/usr/bin/env pwsh
<#
.SYNOPSIS
The seed's rollback decision tree for a release that went wrong: choose the branch from the evidence,
carry out the plan, verify, and write the incident report.

.DESCRIPTION
The branch scripts next to this one (Rollback-SchemaIncomplete.ps1, Rollback-DataCorruption.ps1,
Rollback-PerformanceDegradation.ps1, Rollback-ApplicationErrors.ps1, Rollback-PartialFailure.ps1) call
this one with the branch they handle, so each refuses to run a plan of another branch: an operator who
chose the wrong runbook is told so before anything changes.

.EXAMPLE
$run | ./Rollback-Release.ps1 -Database $db -ExpectedBranch PartialFailure -ReportPath ./incident.md
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory)] $Database,
    [Parameter(ValueFromPipeline)] [object[]] $Run,
    [ValidateSet('SchemaIncomplete', 'DataCorruption', 'PerformanceDegradation', 'ApplicationErrors', 'PartialFailure')]
    [Parameter(Mandatory)] [string] $ExpectedBranch,
    [string] $Symptom,
    [scriptblock] $ApplicationRollback,
    [string] $ReportPath,
    [datetime] $Since = (Get-Date).AddHours(-1)
)

begin { $results = [Collections.Generic.List[object]]::new() }
process { if ($Run) { $results.AddRange($Run) } }
end {
    $ErrorActionPreference = 'Stop'
    $options = @{}
    if ($Symptom) { $options.Symptom = $Symptom }
    if ($ApplicationRollback) { $options.ApplicationRollback = $ApplicationRollback }
    $plan = if ($results.Count) { $results | Get-RollbackPlan @options } else { Get-RollbackPlan -Database $Database @options }
    if ($plan.Branch -ne $ExpectedBranch) {
        throw "The evidence points to $($plan.Branch), not ${ExpectedBranch}: $($plan.Evidence -join ' ') Use the runbook for $($plan.Branch)."
    }

    $steps = $plan | Invoke-RollbackPlan -Database $Database
    if ($steps.Status -contains 'Failed') { throw "The rollback stopped at step $(($steps | Where-Object Status -eq Failed).Order): see the errors above." }
    if ($ReportPath) { New-MigrationIncidentReport -Database $Database -Since $Since -OutFile $ReportPath | Out-Null }
    [pscustomobject]@{ Branch = $plan.Branch; Evidence = $plan.Evidence; Steps = $steps }
}
