# The status gate a pipeline step runs before or after a release, and versions that sort and compare as
# numbers in PowerShell, on SQLite files so they run without a server.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    function script:New-VersionFolder {
        $files = @{}
        foreach ($version in '1', '2', '10', '1.2.9', '1.2.10') {
            $table = 't' + ($version -replace '\.', '_')
            $files["${version}_$table.up.sql"] = "CREATE TABLE $table (id INTEGER);"
            $files["${version}_$table.down.sql"] = "DROP TABLE $table;"
        }
        New-TestMigrationFolder $files
    }
}

Describe 'Test-Migration' {
    BeforeEach {
        $script:Folder = New-VersionFolder
        $script:Db = Join-Path $Folder 'gate.db'
    }

    AfterEach { Remove-Item -Recurse -Force $Folder -ErrorAction Ignore }

    It 'answers $false while migrations are pending and $true once all are applied' {
        Test-Migration -Path $Folder -Database $Db | Should -BeFalse
        $null = Invoke-Migration -Path $Folder -Database $Db
        Test-Migration -Path $Folder -Database $Db | Should -BeTrue
        Test-Migration -Path $Folder -Database $Db -Strict | Should -BeTrue
    }

    It 'changes nothing: a database it checks stays without a journal' {
        Test-Migration -Path $Folder -Database $Db | Should -BeFalse
        (Get-Migration -Path $Folder -Database $Db | Where-Object State -ne 'Pending') | Should -BeNullOrEmpty
        Get-MigrationHistory -Database $Db | Should -BeNullOrEmpty
    }

    It 'with -Strict fails with MigrationsPending and names what is pending' {
        $null = Invoke-Migration -Path $Folder -Database $Db -Target 2
        { Test-Migration -Path $Folder -Database $Db -Strict } | Should -Throw -ErrorId 'MigrationsPending,RollbackTools.Commands.TestMigrationCommand' -ExpectedMessage '*10 (t10)*'
    }

    It 'fails with -Strict on <Problem> as <ErrorId>' -ForEach @(
        @{ Problem = 'a changed applied file'; ErrorId = 'MigrationModified'; Break = { param($f) Add-Content (Join-Path $f '2_t2.up.sql') "`nCREATE TABLE extra (id INTEGER);" } }
        @{ Problem = 'an applied file deleted'; ErrorId = 'MigrationMissing'; Break = { param($f) Remove-Item (Join-Path $f '10_t10.up.sql'), (Join-Path $f '10_t10.down.sql') } }
    ) {
        $null = Invoke-Migration -Path $Folder -Database $Db
        & $Break $Folder
        Test-Migration -Path $Folder -Database $Db | Should -BeFalse
        { Test-Migration -Path $Folder -Database $Db -Strict } | Should -Throw -ErrorId "$ErrorId,RollbackTools.Commands.TestMigrationCommand"
    }

    It 'fails with -Strict on a failed migration as MigrationFailed, the worst state first' {
        Set-Content (Join-Path $Folder '11_broken.up.sql') 'INSERT INTO no_such_table VALUES (1);'
        Set-Content (Join-Path $Folder '11_broken.down.sql') 'SELECT 1;'
        Set-Content (Join-Path $Folder '12_later.up.sql') 'CREATE TABLE later (id INTEGER);'
        Set-Content (Join-Path $Folder '12_later.down.sql') 'DROP TABLE later;'
        $null = Invoke-Migration -Path $Folder -Database $Db -ErrorAction SilentlyContinue
        { Test-Migration -Path $Folder -Database $Db -Strict } | Should -Throw -ErrorId 'MigrationFailed,RollbackTools.Commands.TestMigrationCommand' -Because 'Failed outranks the Pending 12 behind it'
    }

    It 'answers once for each database piped to it' {
        $other = Join-Path $Folder 'other.db'
        $null = Invoke-Migration -Path $Folder -Database $Db
        $answers = @($Db, $other | Test-Migration -Path $Folder)
        $answers | Should -Be @($true, $false)
    }

    It 'ends a child pwsh with a non-zero exit code under -Strict, and Get-Migration with 0' {
        $gate = Invoke-IsolatedPwsh -Command "Test-Migration -Path '$Folder' -Database '$Db' -Strict"
        $gate.ExitCode | Should -Not -Be 0 -Because $gate.Output
        $gate.Output | Should -Match '5 migration\(s\) Pending: 1 \(t1\)'
        $status = Invoke-IsolatedPwsh -Command "Get-Migration -Path '$Folder' -Database '$Db' | Out-Null"
        $status.ExitCode | Should -Be 0 -Because $status.Output
    }
}

Describe 'Versions in PowerShell' {
    BeforeAll {
        $script:Folder = New-VersionFolder
        $script:Db = Join-Path $Folder 'versions.db'
        $script:Results = @(Invoke-Migration -Path $Folder -Database $Db)
        $script:Infos = @(Get-Migration -Path $Folder -Database $Db)
        $script:History = @(Get-MigrationHistory -Database $Db)
    }

    AfterAll { Remove-Item -Recurse -Force $Folder -ErrorAction Ignore }

    It 'Sort-Object Version orders <Source> numerically' -ForEach @(
        @{ Source = 'Get-Migration'; Rows = { $Infos } }
        @{ Source = 'Invoke-Migration'; Rows = { $Results } }
        @{ Source = 'Get-MigrationHistory'; Rows = { $History } }
    ) {
        $sorted = & $Rows | Sort-Object { Get-Random } | Sort-Object Version | ForEach-Object { "$($_.Version)" }
        $sorted -join ' ' | Should -Be '1 1.2.9 1.2.10 2 10'
        (& $Rows | Sort-Object Version -Descending | Select-Object -First 1).Version.ToString() | Should -Be '10'
    }

    It 'compares with text and with numbers: -gt ''2'', -gt 2, -le ''1.2.10'', -eq ''01.2.10''' {
        ($Infos | Where-Object Version -gt '2').Version.ToString() | Should -Be '10'
        ($Infos | Where-Object Version -gt 2).Version.ToString() | Should -Be '10'
        @($Infos | Where-Object Version -le '1.2.10' | ForEach-Object { "$($_.Version)" }) | Should -Be @('1', '1.2.9', '1.2.10')
        ($Infos | Where-Object Version -eq '01.2.10').Name | Should -Be 't1_2_10'
    }

    It 'refuses to compare with something that is no version, saying why' {
        { $Infos[0].Version -gt 'abc' } | Should -Throw -ExpectedMessage '*not a migration version*'
    }

    It 'ConvertTo-Json writes states, statuses, directions and actions by name' {
        $json = $Infos[0] | ConvertTo-Json -Depth 1 | ConvertFrom-Json
        $json.State | Should -Be 'Applied'
        ($Results[0] | ConvertTo-Json -Depth 1 | ConvertFrom-Json).Status | Should -Be 'Succeeded'
        ($Results[0] | ConvertTo-Json -Depth 1 | ConvertFrom-Json).Direction | Should -Be 'Up'
        ($History[0] | ConvertTo-Json -Depth 1 | ConvertFrom-Json).Action | Should -Be 'Up'
    }

    It 'every enum of the engine is one ConvertTo-Json writes by name' {
        $engine = $Infos[0].State.GetType().Assembly
        foreach ($type in $engine.GetExportedTypes() | Where-Object IsEnum) {
            [Enum]::GetUnderlyingType($type) | Should -Be ([long]) -Because "$($type.Name) is written by name only when it is 64-bit"
        }
    }

    It 'prints as written and exports as text to CSV' {
        $csv = $Infos | Sort-Object Version | Select-Object Version, State | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Version | Should -Be @('1', '1.2.9', '1.2.10', '2', '10')
        $csv.State | Should -Be @('Applied', 'Applied', 'Applied', 'Applied', 'Applied')
    }
}
