#!/usr/bin/env pwsh
<#
.SYNOPSIS
Applies seed files of 1, 10 and 50 MB (many short INSERTs, or few long ones) with Invoke-Migration and with
the sqlite3 client on the same SQL, and prints MB/s and the ratio, min/median/max over -Runs runs (bench/BenchRun.psm1).

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. SQLite in a temporary file keeps the server out of the figure,
so what is measured is reading, checking and splitting the script and sending its statements. The splitter
is one pass over the text: MB/s should stay flat from 1 MB to 50 MB (issue 14 aims 50 MB in under 5 s).
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int[]] $Megabytes = @(1, 10, 50),
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

Import-Module (Join-Path $PSScriptRoot 'BenchRun.psm1') -Force

$sqlite = (Get-Command sqlite3 -ErrorAction SilentlyContinue).Source
if (-not $sqlite) {
    Write-Warning 'sqlite3 is not installed (apt-get install sqlite3): the script-size benchmark needs it as its floor.'
    return
}

$shapes = @(@{ Name = 'short'; Length = 40 }, @{ Name = 'long'; Length = 200000 })
$folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt-bench-size-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    # The seed files are written once; every run applies them to new database files.
    $cases = foreach ($size in $Megabytes) {
        foreach ($shape in $shapes) {
            $case = Join-Path $folder "$size-$($shape.Name)"
            $null = New-Item -ItemType Directory -Path $case -Force
            $statement = "INSERT INTO seed (payload) VALUES ('" + ('x' * $shape.Length) + "');`n"
            $count = [math]::Max(1, [int]($size * 1MB / $statement.Length))
            $writer = [IO.StreamWriter]::new((Join-Path $case '2_seed.up.sql'))
            for ($i = 0; $i -lt $count; $i++) { $writer.Write($statement) }
            $writer.Dispose()
            Set-Content (Join-Path $case '2_seed.down.sql') 'DELETE FROM seed;'
            Set-Content (Join-Path $case '1_table.up.sql') 'CREATE TABLE seed (payload TEXT);'
            Set-Content (Join-Path $case '1_table.down.sql') 'DROP TABLE seed;'
            [pscustomobject]@{ Folder = $case; Phase = "$size MB, $count x $($shape.Name)"; Bytes = (Get-Item (Join-Path $case '2_seed.up.sql')).Length }
        }
    }

    $rows = Measure-Trial -Name 'Script size, SQLite file' -Runs $Runs -Trial {
        $timings = [ordered]@{}
        foreach ($case in $cases) {
            Remove-Item (Join-Path $case.Folder '*.db') -ErrorAction Ignore
            $raw = Measure-Milliseconds { & $sqlite (Join-Path $case.Folder 'raw.db') 'CREATE TABLE seed (payload TEXT);' 'BEGIN;' ".read '$(Join-Path $case.Folder '2_seed.up.sql')'" 'COMMIT;' }
            $ours = Measure-Milliseconds { $null = Invoke-Migration -Path $case.Folder -Database (Join-Path $case.Folder 'ours.db') -ProgressAction SilentlyContinue }
            $timings[$case.Phase] = @($raw, $ours)
        }
        $timings
    }
    $rows | Select-Object *, @{ Name = 'MB/s'; Expression = { $phase = $_.Phase; $bytes = ($cases | Where-Object Phase -eq $phase).Bytes; [math]::Round($bytes / 1MB / ($_.'Subject (ms)' / 1000), 1) } } |
        Format-Table -AutoSize | Out-String -Width 200 | Write-Host
}
finally {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}
