#!/usr/bin/env pwsh
<#
.SYNOPSIS
Lists and applies folders of 200 and 1,000 migrations and prints the time per migration for each size,
so a cost that grows with the folder (planning, the journal) shows as a ratio above 1.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. Each migration creates one small table. Listing is timed
twice: on a fresh database (every migration Pending) and after the run (every one Applied, the journal
read back). Aims (issue 14): 1,000 migrations list in under 1 s, and apply as fast per migration as 200.
Listing is the best of three runs after one warm-up, so the first load of the module is not counted.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int[]] $Sizes = @(200, 1000),
    [ValidateSet('PostgreSql', 'MySql', 'Sqlite')] [string[]] $Provider = @('Sqlite', 'PostgreSql', 'MySql')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force

function New-BenchFolder([int] $Count) {
    $folder = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-folder-$Count-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Path $folder
    for ($i = 1; $i -le $Count; $i++) {
        Set-Content -LiteralPath (Join-Path $folder ('{0:d5}_table_{0}.up.sql' -f $i)) -Value "CREATE TABLE folder_t$i (id INTEGER PRIMARY KEY);" -NoNewline
        Set-Content -LiteralPath (Join-Path $folder ('{0:d5}_table_{0}.down.sql' -f $i)) -Value "DROP TABLE folder_t$i;" -NoNewline
    }
    $folder
}

function Measure-Best([scriptblock] $Action) {
    $null = & $Action
    (1..3 | ForEach-Object { (Measure-Command { $null = & $Action }).TotalMilliseconds } | Measure-Object -Minimum).Minimum
}

$folders = @{}
foreach ($size in $Sizes) { $folders[$size] = New-BenchFolder $size }
try {
    $rows = foreach ($name in $Provider) {
        foreach ($size in $Sizes) {
            $db = New-TestDatabase $name
            try {
                $folder = $folders[$size]
                $listPending = Measure-Best { Get-Migration -Path $folder -Database $db }
                $apply = (Measure-Command { $null = Invoke-Migration -Path $folder -Database $db }).TotalMilliseconds
                $listApplied = Measure-Best { Get-Migration -Path $folder -Database $db }
                $applied = @(Get-Migration -Path $folder -Database $db -State Applied).Count
                if ($applied -ne $size) { throw "$name applied $applied of $size migrations." }
                [pscustomobject]@{
                    Provider              = $name
                    Migrations            = $size
                    'List pending (ms)'   = [int] $listPending
                    'List applied (ms)'   = [int] $listApplied
                    'Apply (ms)'          = [int] $apply
                    'Apply per migration' = [math]::Round($apply / $size, 2)
                }
            }
            finally {
                Remove-TestDatabase $db
            }
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    foreach ($name in $Provider) {
        $small = $rows | Where-Object { $_.Provider -eq $name -and $_.Migrations -eq ($Sizes | Measure-Object -Minimum).Minimum }
        $large = $rows | Where-Object { $_.Provider -eq $name -and $_.Migrations -eq ($Sizes | Measure-Object -Maximum).Maximum }
        Write-Host ("{0}: per-migration apply time, {1} vs {2} migrations: {3:0.00}x; {1} listed in {4} ms (applied) / {5} ms (pending)" -f $name, $large.Migrations, $small.Migrations, ($large.'Apply per migration' / $small.'Apply per migration'), $large.'List applied (ms)', $large.'List pending (ms)')
    }
}
finally {
    foreach ($folder in $folders.Values) { Remove-Item -Recurse -Force $folder -ErrorAction Ignore }
}
