#!/usr/bin/env pwsh
<#
.SYNOPSIS
Applies and undoes generated migrations through RollbackTools and through the database's own client,
and prints the ratio and the overhead per migration.

.DESCRIPTION
Run through `dotnet pwsh ./build.ps1 Bench`, which builds the module and provisions the servers the
way the tests do. The raw baseline sends the very same up and down scripts through psql or mariadb in
one process each way, every PostgreSQL migration in its own transaction as the module runs it. The
module's time includes everything an operator pays: planning, the lock, the journal and history rows.
Aim (issue 3): under 5 ms of overhead per migration on a local server.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RollbackTools'),
    [int] $Count = 200,
    [ValidateSet('PostgreSql', 'MySql')] [string[]] $Provider = @('PostgreSql', 'MySql')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
# The same throwaway-database and command-line helpers the Pester runbooks use.
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force

$folder = Join-Path ([IO.Path]::GetTempPath()) "rollbacktools-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path $folder
$ups = [Collections.Generic.List[string]]::new()
$downs = [Collections.Generic.List[string]]::new()
for ($i = 1; $i -le $Count; $i++) {
    $up = "CREATE TABLE bench_t$i (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);`nCREATE INDEX ix_bench_t${i}_name ON bench_t$i (name);`nINSERT INTO bench_t$i (id, name) VALUES (1, 'one'), (2, 'two');`n"
    $down = "DROP TABLE bench_t$i;`n"
    Set-Content -LiteralPath (Join-Path $folder ('{0:d4}_bench_{0}.up.sql' -f $i)) -Value $up -NoNewline
    Set-Content -LiteralPath (Join-Path $folder ('{0:d4}_bench_{0}.down.sql' -f $i)) -Value $down -NoNewline
    $ups.Add($up)
    $downs.Insert(0, $down)
}

try {
    $rows = foreach ($name in $Provider) {
        $transactional = $name -eq 'PostgreSql'
        $wrap = { param($sql) if ($transactional) { "BEGIN;`n$sql`nCOMMIT;`n" } else { $sql } }

        $raw = New-TestDatabase $name
        $rawTime = (Measure-Command { $null = Invoke-TestSql -Url $raw -Sql (-join ($ups | ForEach-Object { & $wrap $_ })) }) +
                   (Measure-Command { $null = Invoke-TestSql -Url $raw -Sql (-join ($downs | ForEach-Object { & $wrap $_ })) })
        Remove-TestDatabase $raw

        $db = New-TestDatabase $name
        $moduleTime = (Measure-Command { $null = Invoke-Migration -Path $folder -Database $db }) +
                      (Measure-Command { $null = Undo-Migration -Database $db -All -Confirm:$false })
        $left = (Get-Migration -Path $folder -Database $db | Where-Object State -ne 'Pending').Count
        Remove-TestDatabase $db
        if ($left) { throw "$left migrations were not undone on $name." }

        [pscustomobject]@{
            Provider                 = $name
            Migrations               = $Count
            'Raw client (ms)'        = [math]::Round($rawTime.TotalMilliseconds)
            'RollbackTools (ms)'     = [math]::Round($moduleTime.TotalMilliseconds)
            Ratio                    = [math]::Round($moduleTime.TotalMilliseconds / $rawTime.TotalMilliseconds, 2)
            'Overhead per step (ms)' = [math]::Round(($moduleTime - $rawTime).TotalMilliseconds / (2 * $Count), 2)
        }
    }
    $rows | Format-Table -AutoSize | Out-Host
}
finally {
    Remove-Item -Recurse -Force $folder -ErrorAction Ignore
}
