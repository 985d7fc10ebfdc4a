#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests and demonstrates RollbackTools.

.DESCRIPTION
Tasks:
  Build  lays out the ready module in out/RollbackTools (cmdlets, Dependencies/, format file, MAML help).
  Test   builds, provisions PostgreSQL and MariaDB unless ROLLBACKTOOLS_TEST_POSTGRES / _MYSQL are set,
         runs the xUnit engine tests and the Pester runbooks, and ends with "N passed, N failed".
  Demo   builds and runs examples/demo.ps1 on an embedded SQLite file in a temp folder.
  Bench  builds, provisions the servers as Test does, and runs the benchmarks in bench/.
  Docs   turns docs/*.md (PlatyPS schema) into out/RollbackTools/en-US help.
  Clean  removes out/ and every bin/ and obj/.

.EXAMPLE
dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Docs', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$OutRoot = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutRoot 'RollbackTools'
$ResultsDir = Join-Path $OutRoot 'test-results'
$PesterVersion = '5.7.1'
$ShippedRuntimes = 'win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64'

function Invoke-Dotnet {
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args[0]) failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    $props = [xml] (Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Get-NuGetPackageFolder {
    $line = & dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Docs {
    Import-Module (Join-Path $Root 'build/MamlHelp.psm1') -Force
    ConvertTo-MamlHelp -DocsPath (Join-Path $Root 'docs') -OutputPath (Join-Path $ModuleOut 'en-US') -AssemblyName 'RollbackTools.dll'
    # Published beside each release, where the manifest's HelpInfoURI points, for Update-Help.
    $helpInfoUri = (Import-PowerShellDataFile (Join-Path $ModuleOut 'RollbackTools.psd1')).HelpInfoURI
    New-UpdatableHelp -ModulePath $ModuleOut -OutputPath (Join-Path $OutRoot 'help') -HelpContentUri $helpInfoUri
}

function Invoke-Build {
    $staging = Join-Path $OutRoot 'staging'
    Remove-Item -Recurse -Force $ModuleOut, $staging -ErrorAction Ignore

    # The engine and every driver go to Dependencies/, loaded by the module's own load context;
    # only the cmdlet assembly sits at the module root.
    Invoke-Dotnet publish (Join-Path $Root 'src/RollbackTools.Engine') -c $Configuration -o (Join-Path $staging 'engine') --nologo -v quiet
    Invoke-Dotnet build (Join-Path $Root 'src/RollbackTools') -c $Configuration -o (Join-Path $staging 'cmdlets') --nologo -v quiet

    $dependencies = Join-Path $ModuleOut 'Dependencies'
    $null = New-Item -ItemType Directory -Force -Path $dependencies
    Copy-Item -Recurse -Path (Join-Path $staging 'engine/*') -Destination $dependencies -Exclude '*.deps.json', '*.pdb'
    # SQLite's native library only for the platforms PowerShell 7.4 and later run on: the package stays small.
    Get-ChildItem -Directory (Join-Path $dependencies 'runtimes') | Where-Object Name -notin $ShippedRuntimes | Remove-Item -Recurse -Force
    Copy-Item -Path (Join-Path $staging 'cmdlets/RollbackTools.dll') -Destination $ModuleOut
    Copy-Item -Path (Join-Path $Root 'module/*'), (Join-Path $Root 'LICENSE') -Destination $ModuleOut

    # A fresh pwsh (a pipeline's script task) otherwise spends a third of its time JIT-compiling these.
    Import-Module (Join-Path $Root 'build/ReadyToRun.psm1') -Force
    # What the runtime has itself (System.*) is loaded from there, never from Dependencies/: no image for it.
    $framework = [IO.Path]::GetDirectoryName([object].Assembly.Location)
    $managed = @(Get-ChildItem -Path $dependencies -Filter '*.dll' -File | Where-Object { -not (Test-Path (Join-Path $framework $_.Name)) }).FullName + (Join-Path $ModuleOut 'RollbackTools.dll')
    # The cmdlets compile against the PowerShell running the build: its System.Management.Automation is what they meet.
    Invoke-ReadyToRun -Assembly $managed -ReferencePath $dependencies, $PSHOME -PackagesPath (Get-NuGetPackageFolder)

    $manifest = Get-Content -Raw (Join-Path $Root 'RollbackTools.psd1')
    $manifest = $manifest -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`$1'$(Get-ModuleVersion)'"
    Set-Content -Path (Join-Path $ModuleOut 'RollbackTools.psd1') -Value $manifest -Encoding utf8NoBOM -NoNewline

    Invoke-Docs
    Remove-Item -Recurse -Force $staging
    Write-Host "Module ready: $ModuleOut"
}

function Invoke-EngineTests {
    $trx = Join-Path $ResultsDir 'engine.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $Root 'tests/RollbackTools.Engine.Tests') -c $Configuration --nologo --logger 'trx;LogFileName=engine.trx' --results-directory $ResultsDir | Out-Host
    if (-not (Test-Path $trx)) { throw 'The xUnit run wrote no results: the engine tests did not run.' }
    $counters = ([xml] (Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int] $counters.passed; Failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted }
}

function Invoke-PesterTests {
    $pester = Join-Path (Get-NuGetPackageFolder) "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $pester)) { throw "Pester $PesterVersion was not restored to $pester." }
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    Remove-Item $summary -ErrorAction Ignore
    # A fresh pwsh, as a user would start one: nothing of this build session leaks into the tests.
    & dotnet pwsh -NoProfile -File (Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1') -PesterPath $pester -ModulePath $ModuleOut -ResultsPath $ResultsDir | Out-Host
    if (-not (Test-Path $summary)) { throw 'The Pester run wrote no summary: the Pester tests did not run.' }
    Get-Content -Raw $summary | ConvertFrom-Json
}

function Invoke-Test {
    Invoke-Build
    $null = New-Item -ItemType Directory -Force -Path $ResultsDir
    Import-Module (Join-Path $Root 'build/TestDatabases.psm1') -Force
    Initialize-TestDatabases
    $engine = Invoke-EngineTests
    $runbooks = Invoke-PesterTests
    Write-Host "xUnit: $($engine.Passed) passed, $($engine.Failed) failed. Pester: $($runbooks.Passed) passed, $($runbooks.Failed) failed."
    $passed = $engine.Passed + $runbooks.Passed
    $failed = $engine.Failed + $runbooks.Failed
    if ($engine.Passed + $runbooks.Passed -eq 0) { $failed++ }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & dotnet pwsh -NoProfile -File (Join-Path $Root 'examples/demo.ps1') -ModulePath $ModuleOut
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

function Invoke-Bench {
    Invoke-Build
    Import-Module (Join-Path $Root 'build/TestDatabases.psm1') -Force
    Initialize-TestDatabases
    foreach ($bench in 'Invoke-SpeedBenchmark.ps1', 'Invoke-MigrationBenchmark.ps1', 'Invoke-BackupBenchmark.ps1', 'Invoke-EmergencyBenchmark.ps1', 'Invoke-SchemaBenchmark.ps1', 'Invoke-ScriptSizeBenchmark.ps1', 'Invoke-FolderSizeBenchmark.ps1', 'Invoke-FleetBenchmark.ps1') {
        & dotnet pwsh -NoProfile -File (Join-Path $Root "bench/$bench") -ModulePath $ModuleOut | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "bench/$bench failed with exit code $LASTEXITCODE." }
    }
}

function Invoke-Clean {
    Remove-Item -Recurse -Force $OutRoot -ErrorAction Ignore
    Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'bench') -Directory -Recurse -Include bin, obj -ErrorAction Ignore |
        Remove-Item -Recurse -Force
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
