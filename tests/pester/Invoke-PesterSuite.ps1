# Runs every *.Tests.ps1 here against the built module and writes a pass/fail summary for build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath
$env:ROLLBACKTOOLS_MODULE = $ModulePath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultsPath 'pester.xml'

# Runbooks tagged Integration need the PostgreSQL and MariaDB servers: without them, the rest runs alone.
$missing = @('ROLLBACKTOOLS_TEST_POSTGRES', 'ROLLBACKTOOLS_TEST_MYSQL' | Where-Object { -not [Environment]::GetEnvironmentVariable($_) })
if ($missing) {
    Write-Host "Skipping the Integration runbooks: $($missing -join ' and ') not set (build.ps1 Test provisions the servers)."
    $configuration.Filter.ExcludeTag = 'Integration'
}

$result = Invoke-Pester -Configuration $configuration
# A container that failed to load (a syntax error, a failing BeforeAll outside any test) counts as a failure.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content (Join-Path $ResultsPath 'pester-summary.json')
