#!/usr/bin/env pwsh
<#
.SYNOPSIS
Applies seed files of 1, 10 and 50 MB (many short INSERTs, or few long ones) with Invoke-Migration and with
the sqlite3 client on the same SQL, and prints MB/s and the ratio.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`. SQLite in a temporary file keeps the server out of the figure,
so what is measured is reading, checking and splitting the script and sending its statements. The splitter
is one pass over the text: MB/s should stay flat from 1 MB to 50 MB (issue 14 aims 50 MB in under 5 s).
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int[]] $Megabytes = @(1, 10, 50)
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

function Measure-Ms([scriptblock] $Work) { [math]::Round((Measure-Command $Work).TotalMilliseconds) }

$sqlite = (Get-Command sqlite3 -ErrorAction SilentlyContinue).Source
$results = foreach ($size in $Megabytes) {
    foreach ($shape in @(@{ Name = 'short'; Length = 40 }, @{ Name = 'long'; Length = 200000 })) {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt-bench-size-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $folder
        try {
            $statement = "INSERT INTO seed (payload) VALUES ('" + ('x' * $shape.Length) + "');`n"
            $count = [math]::Max(1, [int]($size * 1MB / $statement.Length))
            $writer = [IO.StreamWriter]::new((Join-Path $folder '2_seed.up.sql'))
            for ($i = 0; $i -lt $count; $i++) { $writer.Write($statement) }
            $writer.Dispose()
            Set-Content (Join-Path $folder '2_seed.down.sql') 'DELETE FROM seed;'
            Set-Content (Join-Path $folder '1_table.up.sql') 'CREATE TABLE seed (payload TEXT);'
            Set-Content (Join-Path $folder '1_table.down.sql') 'DROP TABLE seed;'
            $bytes = (Get-Item (Join-Path $folder '2_seed.up.sql')).Length

            $ours = Measure-Ms { $null = Invoke-Migration -Path $folder -Database (Join-Path $folder 'ours.db') -ProgressAction SilentlyContinue }
            $raw = if ($sqlite) {
                Measure-Ms { & $sqlite (Join-Path $folder 'raw.db') 'CREATE TABLE seed (payload TEXT);' 'BEGIN;' ".read '$(Join-Path $folder '2_seed.up.sql')'" 'COMMIT;' }
            }
            [pscustomobject]@{
                Size       = "$size MB"
                Statements = "$count x $($shape.Name)"
                Ms         = $ours
                'MB/s'     = [math]::Round($bytes / 1MB / ($ours / 1000), 1)
                RawMs      = $raw
                Ratio      = if ($raw) { [math]::Round($ours / $raw, 2) } else { 'n/a' }
            }
        }
        finally {
            Remove-Item -Recurse -Force $folder -ErrorAction Ignore
        }
    }
}

$results | Format-Table -AutoSize | Out-String | Write-Host
