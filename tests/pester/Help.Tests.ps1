BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Commands = @(Get-Command -Module RollbackTools | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:DocsPath = Join-Path $PSScriptRoot '../../docs'
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Help for <Name>' -ForEach $Commands {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$Name"
    }

    It 'has a description' {
        ($Help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($Help.Examples.Example).Count | Should -BeGreaterThan 0
        $Help.Examples.Example[0].Code | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter' {
        # Get-Help lists every parameter from the cmdlet itself; only a page's own section gives it a description.
        $described = @($Help.Parameters.Parameter | Where-Object { ($_.Description.Text -join '').Trim() } | ForEach-Object Name)
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $described | Should -Contain $parameter -Because "docs/$Name.md must describe -$parameter"
        }
    }

    It 'documents no parameter the cmdlet lacks' {
        $actual = (Get-Command $Name).Parameters.Keys
        foreach ($parameter in $Help.Parameters.Parameter.Name) {
            $actual | Should -Contain $parameter
        }
    }
}

Describe 'The docs folder' {
    It 'has a page for every cmdlet and a cmdlet for every page' {
        # Cmdlet pages are the ones with PlatyPS front matter; guides (fleet-at-scale.md) are not help pages.
        $pages = (Get-ChildItem $DocsPath -Filter '*-*.md' | Where-Object { (Get-Content -LiteralPath $_.FullName -TotalCount 3) -match '^external help file:' }).BaseName | Sort-Object
        $pages | Should -Be ((Get-Command -Module RollbackTools).Name | Sort-Object)
    }

    It 'has the about topic, installed as help' {
        Join-Path $DocsPath 'about_RollbackTools.md' | Should -Exist
        (Get-Help about_RollbackTools | Out-String) | Should -Match 'DATABASE_URL'
    }
}
