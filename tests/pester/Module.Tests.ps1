BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $ModulePath -Force
    $script:Manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'RollbackTools.psd1')
}

Describe 'The built module' {
    It 'imports from out/ and exports exactly the cmdlets its manifest lists' {
        $exported = (Get-Module RollbackTools).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'exports every cmdlet the assembly defines' {
        $defined = (Get-Command -Module RollbackTools -CommandType Cmdlet).Name | Sort-Object
        $defined | Should -Be ($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'is ready for Publish-Module' {
        $Manifest.CompatiblePSEditions | Should -Be @('Core')
        $Manifest.PowerShellVersion | Should -Be '7.4'
        $Manifest.PrivateData.PSData.Tags | Should -Contain 'Rollback'
        $Manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $Manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $Manifest.FormatsToProcess | Should -Contain 'RollbackTools.Format.ps1xml'
        { Test-ModuleManifest (Join-Path $ModulePath 'RollbackTools.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'takes its version from Directory.Build.props' {
        $props = [xml] (Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
        $version = $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
        $Manifest.ModuleVersion | Should -Be $version
    }

    It 'keeps the engine and drivers out of the module root' {
        Get-ChildItem $ModulePath -Filter *.dll | ForEach-Object Name | Should -Be 'RollbackTools.dll'
        Join-Path $ModulePath 'Dependencies/RollbackTools.Engine.dll' | Should -Exist
        Join-Path $ModulePath 'Dependencies/Npgsql.dll' | Should -Exist
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module RollbackTools) {
            $approved | Should -Contain $command.Verb -Because "$($command.Name) must use an approved verb"
        }
    }

    It 'declares an output type for every cmdlet, each with a view' {
        foreach ($command in Get-Command -Module RollbackTools) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) must declare [OutputType]"
            foreach ($type in $command.OutputType.Type | Where-Object { $_.Namespace -eq 'RollbackTools' }) {
                Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a view in RollbackTools.Format.ps1xml"
            }
        }
    }

    It 'asks before changing anything: every cmdlet with a changing verb supports -WhatIf and -Confirm' {
        # Found by verb, so a new cmdlet cannot be forgotten in the list below.
        $changing = 'New', 'Set', 'Remove', 'Restore', 'Invoke', 'Undo', 'Stop', 'Clear', 'Import', 'Add', 'Update', 'Reset'
        foreach ($command in Get-Command -Module RollbackTools | Where-Object Verb -in $changing) {
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.SupportsShouldProcess | Should -BeTrue -Because "$($command.Name) changes a database"
        }
    }

    It 'asks before changing a database: <Name> has ConfirmImpact <Impact>' -ForEach @(
        @{ Name = 'Invoke-Migration'; Impact = 'Medium' }
        @{ Name = 'Undo-Migration'; Impact = 'High' }
        @{ Name = 'Set-MigrationState'; Impact = 'Medium' }
        @{ Name = 'Import-MigrationHistory'; Impact = 'Medium' }
        @{ Name = 'New-MigrationBackup'; Impact = 'Low' }
        @{ Name = 'Restore-MigrationBackup'; Impact = 'High' }
        @{ Name = 'Remove-MigrationBackup'; Impact = 'High' }
        @{ Name = 'Stop-MigrationQuery'; Impact = 'High' }
        @{ Name = 'Test-MigrationRollback'; Impact = 'Medium' }
        @{ Name = 'Remove-MigrationTable'; Impact = 'High' }
        @{ Name = 'Remove-MigrationColumn'; Impact = 'High' }
        @{ Name = 'Restore-DeprecatedObject'; Impact = 'Medium' }
        @{ Name = 'Clear-DeprecatedObject'; Impact = 'High' }
        @{ Name = 'Invoke-RollbackPlan'; Impact = 'High' }
    ) {
        $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be $Impact
    }

    It 'runs the SQLite demo the README points to' {
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../examples/demo.ps1') -ModulePath $ModulePath 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Match 'add_customer_email'
        $output | Should -Match 'Down\s+Succeeded'
        $output | Should -Match 'Columns\s+0\s+2\s+0\s+True' -Because 'the demo restores a dropped column into two rows that had a value'
        $output | Should -Match 'Index\s+orders\.ix_orders_total' -Because 'the demo catches a down script that forgets an index'
        $output | Should -Match '_deprecated_orders'
        $output | Should -Match 'lists 0 object'
        $output | Should -Match 'Rollback script tested'
        $output | Should -Match '# Migration incident report'
        $output | Should -Match 'Statement 3, line 3'
        $output | Should -Match 'PartialFailure'
        $output | Should -Match 'UndoMigration\s+Succeeded'
        $output | Should -Match 'Baselined'
        $output | Should -Match 'Added\s+Table\s+other_team_journal' -Because 'the drift check finds the tables no migration built'

    }

    It 'has a Describe named after every cmdlet, where a newcomer looks first' {
        $names = Get-ChildItem (Join-Path $PSScriptRoot '*.Tests.ps1') | Select-String -Pattern "^\s*Describe '([^']+)'" | ForEach-Object { $_.Matches[0].Groups[1].Value }
        foreach ($command in Get-Command -Module RollbackTools) {
            $names | Should -Contain $command.Name -Because "tests/pester needs a Describe '$($command.Name)'"
        }
    }

    It 'loads its drivers into its own load context' {
        $null = Test-MigrationConnection -Database 'sqlite::memory:'
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'RollbackTools.Engine' }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'RollbackTools.Dependencies'
    }
}

Describe 'Parameter surface' {
    It 'Connect-MigrationDatabase has <Name>' -ForEach @(
        @{ Name = 'Url'; Type = [string] }
        @{ Name = 'ConnectionString'; Type = [string] }
        @{ Name = 'Provider'; Type = [string] }
        @{ Name = 'Credential'; Type = [pscredential] }
        @{ Name = 'ConnectTimeout'; Type = [timespan] }
        @{ Name = 'NoVerify'; Type = [switch] }
    ) {
        (Get-Command Connect-MigrationDatabase).Parameters[$Name].ParameterType | Should -Be $Type
    }

    It 'Test-MigrationConnection has <Name>' -ForEach @(
        @{ Name = 'Database'; Type = 'RollbackTools.DatabaseTarget' }
        @{ Name = 'Credential'; Type = 'System.Management.Automation.PSCredential' }
        @{ Name = 'Provider'; Type = 'System.String' }
        @{ Name = 'ConnectTimeout'; Type = 'System.Nullable`1[System.TimeSpan]' }
        @{ Name = 'Quiet'; Type = 'System.Management.Automation.SwitchParameter' }
    ) {
        (Get-Command Test-MigrationConnection).Parameters[$Name].ParameterType.ToString() | Should -Be $Type
    }

    It '-Provider completes to the three providers' {
        $completions = TabExpansion2 -inputScript 'Test-MigrationConnection -Provider ' -cursorColumn 'Test-MigrationConnection -Provider '.Length
        $completions.CompletionMatches.CompletionText | Sort-Object | Should -Be @('MySql', 'PostgreSql', 'Sqlite')
    }

    It 'reads durations as operators type them: <Text>' -ForEach @(
        @{ Text = '3s'; Seconds = 3 }
        @{ Text = '30d'; Seconds = 2592000 }
        @{ Text = '10m'; Seconds = 600 }
        @{ Text = '2h'; Seconds = 7200 }
        @{ Text = '500ms'; Seconds = 0.5 }
        @{ Text = '45'; Seconds = 45 }
        @{ Text = "'00:00:07'"; Seconds = 7 }
    ) {
        # Unquoted, as typed at the prompt: PowerShell turns 3s and 30d into numeric literals first.
        $db = Invoke-Expression "Connect-MigrationDatabase -Url 'sqlite::memory:' -NoVerify -ConnectTimeout $Text"
        $db.ConnectTimeoutMs | Should -Be ($Seconds * 1000)
    }

    It '-Database binds by property name from a test result' {
        $result = Test-MigrationConnection -Database 'sqlite::memory:'
        ($result | Test-MigrationConnection).Url | Should -Be $result.Url
    }
}

Describe 'The published package' {
    BeforeAll {
        $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) ('rbt_publish_' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $repository = Join-Path $Scratch 'repository'
        $null = New-Item -ItemType Directory -Path $repository, (Join-Path $Scratch 'home')
        # Publish-PSResource to a folder repository, as a release pipeline does to the Gallery.
        $script:Publish = Invoke-IsolatedPwsh -HomePath (Join-Path $Scratch 'home') -Command @"
Register-PSResourceRepository -Name RollbackToolsTest -Uri '$repository' -Trusted -ErrorAction Stop
Publish-PSResource -Path '$(Get-TestModulePath)' -Repository RollbackToolsTest -ErrorAction Stop
(Find-PSResource -Name RollbackTools -Repository RollbackToolsTest -ErrorAction Stop).Version.ToString()
"@
        $script:Package = Get-ChildItem $repository -Filter '*.nupkg' | Select-Object -First 1
        Add-Type -AssemblyName System.IO.Compression.FileSystem
    }

    AfterAll { Remove-Item -Recurse -Force $Scratch -ErrorAction Ignore }

    It 'publishes to a file repository and is found there at its version' {
        $Publish.ExitCode | Should -Be 0 -Because $Publish.Output
        $Package | Should -Not -BeNullOrEmpty
        $Publish.Output.Trim() | Should -Be $Manifest.ModuleVersion
    }

    It 'carries SQLite for the platforms PowerShell 7.4 runs on and no symbols' {
        $zip = [IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $entries = @($zip.Entries.FullName | ForEach-Object { [uri]::UnescapeDataString($_) }) }
        finally { $zip.Dispose() }
        $runtimes = $entries | Where-Object { $_ -match '^Dependencies/runtimes/([^/]+)/' } | ForEach-Object { $Matches[1] } | Sort-Object -Unique
        $runtimes | Should -Be ('linux-arm64', 'linux-musl-arm64', 'linux-musl-x64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64')
        $entries | Where-Object { $_ -like '*.pdb' } | Should -BeNullOrEmpty
        $entries | Should -Contain 'en-US/RollbackTools.dll-Help.xml'
        $entries | Should -Contain 'RollbackTools.psd1'
    }

    It 'stays under 12 MB' {
        $Package.Length | Should -BeLessThan 12MB -Because "the package is $([math]::Round($Package.Length / 1MB, 1)) MB"
    }

    It 'has an icon and release notes in its manifest' {
        $Manifest.PrivateData.PSData.IconUri | Should -Match '^https://.+\.png$'
        $Manifest.PrivateData.PSData.ReleaseNotes | Should -Match '^\d+\.\d+\.\d+'
        Join-Path $PSScriptRoot '../../docs/icon.png' | Should -Exist
    }
}
