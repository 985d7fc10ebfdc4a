#!/usr/bin/env pwsh
<#
.SYNOPSIS
Times Get-MigrationSchema on 500 tables of 10 columns and 2 indexes each, on PostgreSQL and MariaDB.
Aim (issue 6): under 1 s.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int] $Tables = 500,
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force

$ddl = -join (1..$Tables | ForEach-Object {
        $columns = (1..8 | ForEach-Object { "c$_ VARCHAR(40)" }) -join ', '
        "CREATE TABLE bench_$_ (id INTEGER PRIMARY KEY, created_at TIMESTAMP NULL, $columns); CREATE INDEX ix_bench_${_}_c1 ON bench_$_ (c1); CREATE INDEX ix_bench_${_}_c2 ON bench_$_ (c2, c3);`n"
    })

$rows = foreach ($name in $Provider) {
    $db = New-TestDatabase $name
    try {
        $null = Invoke-TestSql -Url $db -Sql $ddl
        $null = Get-MigrationSchema -Database $db  # the first call pays for loading the module's drivers
        $times = foreach ($i in 1..5) { (Measure-Command { $script:snapshot = Get-MigrationSchema -Database $db }).TotalMilliseconds }
        [pscustomobject]@{
            Provider      = $name
            Tables        = $snapshot.Tables
            Objects       = $snapshot.Objects.Count
            'Median (ms)' = [math]::Round(($times | Sort-Object)[2])
            Aim           = '< 1000 ms'
        }
    }
    finally {
        Remove-TestDatabase $db
    }
}
$rows | Format-Table -AutoSize | Out-Host
