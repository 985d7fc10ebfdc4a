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

Describe 'Help online and updatable' {
    BeforeAll {
        $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) ('rbt_help_' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path (Join-Path $Scratch 'bin'), (Join-Path $Scratch 'home')
        # What Get-Help -Online starts on Linux and macOS: a stand-in that writes down the address it was given.
        $opened = Join-Path $Scratch 'opened.txt'
        foreach ($opener in 'xdg-open', 'open') {
            $path = Join-Path $Scratch "bin/$opener"
            Set-Content -LiteralPath $path -Value "#!/bin/sh`necho `"`$1`" >> '$opened'"
            if (-not $IsWindows) { & chmod +x $path }
        }
        $script:Opened = $opened
        $script:HelpSource = Join-Path (Split-Path (Get-TestModulePath)) 'help'

        $script:ScratchHome = Join-Path $Scratch 'home'
        $script:Bin = Join-Path $Scratch 'bin'
    }

    AfterAll { Remove-Item -Recurse -Force $Scratch -ErrorAction Ignore }

    It 'Get-Help -Online opens the page of every cmdlet' -Skip:$IsWindows {
        $names = (Get-Command -Module RollbackTools).Name
        $run = Invoke-IsolatedPwsh -HomePath $ScratchHome -PathPrefix $Bin -Command "foreach (`$name in '$($names -join "','")') { Get-Help `$name -Online -ErrorAction Stop }"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $uris = @(Get-Content $Opened)
        $uris.Count | Should -Be $names.Count
        for ($i = 0; $i -lt $names.Count; $i++) {
            $uris[$i] | Should -Be "https://github.com/rollbacktools/RollbackTools/blob/main/docs/$($names[$i]).md"
        }
    }

    It 'every related link of every cmdlet is an absolute address' {
        foreach ($command in Get-Command -Module RollbackTools) {
            foreach ($link in @((Get-Help $command.Name).relatedLinks.navigationLink)) {
                [uri]::IsWellFormedUriString($link.uri, 'Absolute') | Should -BeTrue -Because "$($command.Name) links '$($link.linkText)' to '$($link.uri)'"
            }
        }
    }

    It 'Update-Help installs the help the build packaged for the manifest''s HelpInfoURI' {
        (Import-PowerShellDataFile (Join-Path (Get-TestModulePath) 'RollbackTools.psd1')).HelpInfoURI | Should -Match '^https://'
        $run = Invoke-IsolatedPwsh -HomePath $ScratchHome -Command "Update-Help -Module RollbackTools -SourcePath '$HelpSource' -UICulture en-US -Scope CurrentUser -Force -ErrorAction Stop; (Get-ChildItem -Recurse -File (Join-Path `$HOME '.local/share/powershell/Help/RollbackTools')).Name"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'RollbackTools.dll-Help.xml'
        $run.Output | Should -Match 'about_RollbackTools.help.txt'
    }

    It 'the about topic reads as help: headings without markdown, every cmdlet in SEE ALSO, each ErrorId once' {
        $text = (Get-Help about_RollbackTools | Out-String) -split "`r?`n"
        $text | Where-Object { $_ -match '^\s*#{1,6} ' } | Should -BeNullOrEmpty -Because 'markdown headings become help headings'
        $text | Should -Contain 'SEE ALSO'
        $seeAlso = $text[([array]::IndexOf($text, 'SEE ALSO') + 1)..($text.Count - 1)] | ForEach-Object Trim
        foreach ($name in (Get-Command -Module RollbackTools).Name) { $seeAlso | Should -Contain $name }
        $ids = $text | Where-Object { $_ -match '^ {8}([A-Z][A-Za-z]+) {2,}\S' } | ForEach-Object { $Matches[1] }
        $ids.Count | Should -BeGreaterThan 20
        ($ids | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty -Because 'an ErrorId is explained once'
    }
}
