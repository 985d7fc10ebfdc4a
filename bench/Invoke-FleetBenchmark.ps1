#!/usr/bin/env pwsh
<#
.SYNOPSIS
Migrates a fleet with one Invoke-Migration -ThrottleLimit 8 against a ForEach-Object loop of the same
cmdlet, and prints the ratio (min/median/max over -Runs runs, bench/BenchRun.psm1) and the memory per
database in flight.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. Each mode runs in a fresh pwsh process on fresh databases
(SQLite files, PostgreSQL and MariaDB databases), applying the same 20 migrations, so both pay the same
module load. Memory is the process's peak working set above what the same process held after importing
the module, divided by the databases in flight. Aims (issue 17): a ratio of at most 0.33 to the loop
(3x faster) on PostgreSQL and MariaDB, under 5 MB per database in flight.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [hashtable] $Fleet = @{ Sqlite = 100; PostgreSql = 50; MySql = 50 },
    [int] $Migrations = 20,
    [int] $ThrottleLimit = 8,
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchRun.psm1') -Force

$folder = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-fleet-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path $folder
for ($i = 1; $i -le $Migrations; $i++) {
    Set-Content -LiteralPath (Join-Path $folder ('{0:d3}_t{0}.up.sql' -f $i)) -Value "CREATE TABLE fleet_t$i (id INTEGER PRIMARY KEY, name VARCHAR(50));`nINSERT INTO fleet_t$i (id, name) VALUES (1, 'one');" -NoNewline
    Set-Content -LiteralPath (Join-Path $folder ('{0:d3}_t{0}.down.sql' -f $i)) -Value "DROP TABLE fleet_t$i;" -NoNewline
}

function Measure-Mode([string[]] $Databases, [string] $Mode) {
    $list = Join-Path $folder "fleet-$Mode.txt"
    Set-Content -LiteralPath $list -Value $Databases
    $command = if ($Mode -eq 'Rollout') { "Get-Content '$list' | Invoke-Migration -Path '$folder' -ThrottleLimit $ThrottleLimit" }
    else { "Get-Content '$list' | ForEach-Object { Invoke-Migration -Path '$folder' -Database `$_ }" }
    $script = @"
Import-Module '$ModulePath'
`$ProgressPreference = 'SilentlyContinue'
`$self = [Diagnostics.Process]::GetCurrentProcess(); `$self.Refresh(); `$base = `$self.WorkingSet64
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$results = @($command)
`$clock.Stop(); `$self.Refresh()
[pscustomobject]@{ Ms = `$clock.ElapsedMilliseconds; Extra = `$self.PeakWorkingSet64 - `$base; Results = `$results.Count; Failed = @(`$results | Where-Object Status -ne 'Succeeded').Count } | ConvertTo-Json -Compress
"@
    $json = & dotnet pwsh -NoProfile -NonInteractive -Command $script | Select-Object -Last 1
    $measured = $json | ConvertFrom-Json
    if ($measured.Failed -gt 0 -or $measured.Results -ne $Databases.Count * $Migrations) { throw "$Mode applied $($measured.Results) results, $($measured.Failed) not Succeeded." }
    $measured
}

try {
    $memory = @{}
    $rows = foreach ($provider in 'Sqlite', 'PostgreSql', 'MySql') {
        if (-not $Fleet[$provider]) { continue }
        Measure-Trial -Name "$provider, $($Fleet[$provider]) databases x $Migrations migrations" -Runs $Runs -Trial {
            $times = @{}
            foreach ($mode in 'Loop', 'Rollout') {
                $dbs = @(1..$Fleet[$provider] | ForEach-Object { New-TestDatabase $provider })
                try { $times[$mode] = Measure-Mode $dbs $mode }
                finally { $dbs | ForEach-Object { Remove-TestDatabase $_ } }
            }
            $memory[$provider] = [math]::Round([math]::Max(0, $times.Rollout.Extra - $times.Loop.Extra) / 1MB / $ThrottleLimit, 2)
            [ordered]@{ "ThrottleLimit $ThrottleLimit against the loop (aim 0.33)" = @($times.Loop.Ms, $times.Rollout.Ms) }
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    $memory.GetEnumerator() | Sort-Object Name | ForEach-Object { [pscustomobject]@{ Provider = $_.Name; 'MB per database in flight (aim 5)' = $_.Value } } |
        Format-Table -AutoSize | Out-String | Write-Host
}
finally {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}
