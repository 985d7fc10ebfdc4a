BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-TestModulePath
    $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $script:OldNpgsql = Join-Path $packages 'npgsql/8.0.5/lib/net8.0/Npgsql.dll'
    $script:OldLogging = Join-Path $packages 'microsoft.extensions.logging.abstractions/8.0.0/lib/net8.0/Microsoft.Extensions.Logging.Abstractions.dll'
}

Describe 'Dependency isolation' -Tag Integration {
    It 'works in a session where another module already loaded an older Npgsql and Microsoft.Extensions.Logging' {
        $OldNpgsql | Should -Exist
        $OldLogging | Should -Exist
        $script = {
            param($modulePath, $oldNpgsql, $oldLogging, $postgresUrl)
            $ErrorActionPreference = 'Stop'
            Add-Type -Path $oldLogging
            Add-Type -Path $oldNpgsql
            # Use the old Npgsql for real, as the other module would.
            $null = [Npgsql.NpgsqlConnectionStringBuilder]::new('Host=x')
            Import-Module $modulePath
            $pg = Test-MigrationConnection -Database $postgresUrl
            $lite = Test-MigrationConnection -Database 'sqlite::memory:'
            $versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Npgsql' } | ForEach-Object { $_.GetName().Version.Major }
            [pscustomobject]@{ Postgres = [string]$pg.Provider; Sqlite = [string]$lite.Provider; NpgsqlMajors = ($versions | Sort-Object) -join ',' } | ConvertTo-Json -Compress
        }
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -Command $script -args $ModulePath, $OldNpgsql, $OldLogging, (Get-TestServerUrl PostgreSql) 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $result = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $result.Postgres | Should -Be 'PostgreSql'
        $result.Sqlite | Should -Be 'Sqlite'
        $result.NpgsqlMajors | Should -Be '8,10'
    }

    It 'finds SQLite''s native library from the module folder in a fresh process' {
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -Command {
            param($modulePath)
            Import-Module $modulePath
            (Test-MigrationConnection -Database 'sqlite::memory:' -ErrorAction Stop).ServerVersion
        } -args $ModulePath 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        ($output | Select-Object -Last 1) | Should -Match '^SQLite 3\.'
    }
}
