#!/usr/bin/env pwsh
<#
.SYNOPSIS
Schema incomplete: a migration failed or stopped part way. Run down.

.DESCRIPTION
On PostgreSQL and SQLite the failed migration rolled back on its own; on MySQL and MariaDB it is Dirty,
and its down script runs with -Force, statements for objects that never existed becoming warnings.
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param([Parameter(Mandatory)] $Database, [Parameter(ValueFromPipeline)] [object[]] $Run, [string] $ReportPath)
begin { $results = [Collections.Generic.List[object]]::new() }
process { if ($Run) { $results.AddRange($Run) } }
end { $results | & (Join-Path $PSScriptRoot 'Rollback-Release.ps1') -Database $Database -ExpectedBranch SchemaIncomplete -ReportPath $ReportPath }
