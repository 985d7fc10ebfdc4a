# New-Migration: the files a team writes next, in the layout its folder already has, applied for real on SQLite.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # Puts SQL where the scaffold leaves room: after the header of a pair's files, under a sectioned file's markers.
    function script:Add-ScaffoldSql([IO.FileInfo[]] $Files, [string] $Up, [string] $Down) {
        if ($Files.Count -eq 2) {
            Add-Content -LiteralPath $Files[0].FullName $Up
            Add-Content -LiteralPath $Files[1].FullName $Down
            return
        }
        $text = Get-Content -Raw -LiteralPath $Files[0].FullName
        $text = $text -replace '(?m)^(-- (migrate:up|\+goose Up))$', "`$1`n$Up" -replace '(?m)^(-- (migrate:down|\+goose Down))$', "`$1`n$Down"
        Set-Content -LiteralPath $Files[0].FullName $text -NoNewline
    }
}

Describe 'New-Migration' {
    BeforeEach {
        $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt_new_' + [guid]::NewGuid().ToString('N').Substring(0, 10))
        $script:Db = Join-Path ([IO.Path]::GetTempPath()) ('rbt_new_' + [guid]::NewGuid().ToString('N').Substring(0, 10) + '.db')
    }

    AfterEach { Remove-Item -Recurse -Force $Folder, $Db -ErrorAction Ignore }

    It 'writes a <Format> migration that Invoke-Migration applies and Undo-Migration takes back' -ForEach @(
        @{ Format = 'GolangMigrate'; Pattern = '^\d{14}_add_users\.(up|down)\.sql$'; Count = 2; Shown = 'add_users' }
        # Flyway reads the underscores of a description as spaces.
        @{ Format = 'Flyway'; Pattern = '^[VU]\d{14}__add_users\.sql$'; Count = 2; Shown = 'add users' }
        @{ Format = 'Dbmate'; Pattern = '^\d{14}_add_users\.sql$'; Count = 1; Shown = 'add_users' }
        @{ Format = 'Goose'; Pattern = '^\d{14}_add_users\.sql$'; Count = 1; Shown = 'add_users' }
    ) {
        $files = @(New-Migration -Path $Folder -Name 'add users' -Format $Format)
        $files.Count | Should -Be $Count
        foreach ($file in $files) { $file.Name | Should -Match $Pattern }
        (Get-Content -Raw $files[0].FullName) | Should -Match '^-- \d{14} add_users: created by New-Migration on '

        Add-ScaffoldSql $files 'CREATE TABLE users (id INTEGER PRIMARY KEY);' 'DROP TABLE users;'
        $info = @(Get-Migration -Path $Folder -Database $Db)
        $info.Count | Should -Be 1
        $info[0].Name | Should -Be $Shown
        $info[0].Format | Should -Be $Format
        $info[0].HasDown | Should -BeTrue
        "$($info[0].Version)" | Should -Be ([regex]::Match($files[0].Name, '\d{14}').Value)

        (Invoke-Migration -Path $Folder -Database $Db).Status | Should -Be 'Succeeded'
        Get-TestTableNames $Db | Should -Contain 'users'
        $null = Undo-Migration -Path $Folder -Database $Db -Confirm:$false
        Get-TestTableNames $Db | Should -Not -Contain 'users'
    }

    It 'follows the layout the folder already uses' {
        $null = New-Item -ItemType Directory $Folder
        Set-Content (Join-Path $Folder 'V1__first.sql') 'CREATE TABLE first (id INTEGER);'
        Set-Content (Join-Path $Folder 'U1__first.sql') 'DROP TABLE first;'
        $files = @(New-Migration -Path $Folder -Name second)
        $files.Name | Should -Match '^[VU]\d{14}__second\.sql$'
    }

    It 'takes -Version for a folder numbered 1, 2, 3, and refuses one the folder has, writing nothing' {
        $null = New-Migration -Path $Folder -Name first -Version 1
        $before = @(Get-ChildItem $Folder).Name
        { New-Migration -Path $Folder -Name again -Version 001 -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateMigrationVersion,RollbackTools.Commands.NewMigrationCommand' -ExpectedMessage '*1_first.up.sql*'
        @(Get-ChildItem $Folder).Name | Should -Be $before
    }

    It 'gives a timestamp version that sorts after what the folder has' {
        $null = New-Migration -Path $Folder -Name first -Version 20200101000000
        $null = New-Migration -Path $Folder -Name second
        $versions = @(Get-Migration -Path $Folder -Database $Db | Sort-Object Version).Name
        $versions | Should -Be @('first', 'second')
    }

    It 'refuses a name that cannot name a file with InvalidMigrationName' {
        { New-Migration -Path $Folder -Name '../escape' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMigrationName,RollbackTools.Commands.NewMigrationCommand'
        Test-Path $Folder | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        New-Migration -Path $Folder -Name add_users -WhatIf | Should -BeNullOrEmpty
        Test-Path $Folder | Should -BeFalse
    }

    It 'takes names from the pipeline, one migration each' {
        $files = @('add_users', 'add_orders' | New-Migration -Path $Folder -Format Dbmate -Version 7 -ErrorAction SilentlyContinue -ErrorVariable failures)
        $files.Count | Should -Be 1 -Because 'the second name asks for version 7 again'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateMigrationVersion,*'
    }
}
