# Runbooks for the seed's soft-delete period on PostgreSQL, MariaDB and SQLite: rename instead of drop,
# restore, and a final drop that notices when something still uses the object.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; CountsUse = $true }
        @{ Provider = 'MySql'; CountsUse = $true }
        @{ Provider = 'Sqlite'; CountsUse = $false }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'Soft delete on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE legacy_table (id INTEGER PRIMARY KEY, payload VARCHAR(40)); INSERT INTO legacy_table VALUES (1, 'one'), (2, 'two');
CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40), legacy_field VARCHAR(40)); INSERT INTO users VALUES (1, 'ann', 'a'), (2, 'bob', NULL);"
    }

    AfterEach {
        Remove-TestDatabase $Db
    }

    It 'a soft-deleted table and column fail by name, and come back intact' {
        $table = Remove-MigrationTable -Database $Db -Name legacy_table -Confirm:$false
        $column = Remove-MigrationColumn -Database $Db -Table users -Name legacy_field -Confirm:$false
        $table.DeprecatedName | Should -Be '_deprecated_legacy_table'
        $column.DeprecatedName | Should -Be '_deprecated_legacy_field'
        ($table.ExpiresAt - $table.DeprecatedAt).TotalDays | Should -Be 30

        { Invoke-TestSql -Url $Db -Sql 'SELECT payload FROM legacy_table;' } | Should -Throw
        { Invoke-TestSql -Url $Db -Sql 'SELECT legacy_field FROM users;' } | Should -Throw
        (Get-DeprecatedObject -Database $Db).Name | Should -Be @('legacy_table', 'legacy_field')

        Get-DeprecatedObject -Database $Db | Restore-DeprecatedObject -Confirm:$false | Out-Null
        Invoke-TestSql -Url $Db -Sql 'SELECT id, payload FROM legacy_table ORDER BY id;' | Should -Be @("1`tone", "2`ttwo")
        Invoke-TestSql -Url $Db -Sql 'SELECT id, legacy_field FROM users ORDER BY id;' | Should -Be @("1`ta", "2`t$(if ($Provider -eq 'MySql') { 'NULL' } else { '' })")
        Get-DeprecatedObject -Database $Db | Should -BeNullOrEmpty
        (Get-MigrationHistory -Database $Db).Action | Should -Be @('SoftDelete', 'SoftDelete', 'Restore', 'Restore')
    }

    It 'refuses to restore when the original name is taken again' {
        $null = Remove-MigrationTable -Database $Db -Name legacy_table -Confirm:$false
        $null = Invoke-TestSql -Url $Db -Sql 'CREATE TABLE legacy_table (id INTEGER);'
        { Get-DeprecatedObject -Database $Db | Restore-DeprecatedObject -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NameTaken*'
    }

    It 'drops what is past its retention with -Expired, and only that' {
        $null = Remove-MigrationTable -Database $Db -Name legacy_table -RetainFor 1s -Confirm:$false
        $null = Remove-MigrationColumn -Database $Db -Table users -Name legacy_field -Confirm:$false
        Start-Sleep -Milliseconds 1200

        (Get-DeprecatedObject -Database $Db -Expired).Name | Should -Be 'legacy_table'
        $dropped = Clear-DeprecatedObject -Database $Db -Expired -Confirm:$false
        $dropped.Name | Should -Be 'legacy_table'
        Get-TestTableNames $Db | Should -Not -Contain '_deprecated_legacy_table'
        (Get-DeprecatedObject -Database $Db).Name | Should -Be 'legacy_field'
        (Get-MigrationHistory -Database $Db -Status Succeeded | Where-Object Action -eq 'Drop').Name | Should -BeLike '*legacy_table'
    }

    It 'usage after the rename blocks the drop, unless -Force' {
        $null = Remove-MigrationTable -Database $Db -Name legacy_table -Confirm:$false
        $fresh = Get-DeprecatedObject -Database $Db
        if (-not $CountsUse) {
            $fresh.UsedSinceDeprecation | Should -BeNullOrEmpty
            $fresh.Usage | Should -Match 'Unknown'
            return
        }
        $fresh.UsedSinceDeprecation | Should -BeFalse -Because $fresh.Usage

        # Something still reads the old data under its new name.
        $null = Invoke-TestSql -Url $Db -Sql 'SELECT count(*) FROM _deprecated_legacy_table;'
        $used = Wait-TestCondition { Get-DeprecatedObject -Database $Db | Where-Object UsedSinceDeprecation } 'the server to count the read' 15
        $used.Usage | Should -Match 'read'
        { Clear-DeprecatedObject -Database $Db -Name legacy_table -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ObjectInUse*'
        Get-TestTableNames $Db | Should -Contain '_deprecated_legacy_table'
        $null = Clear-DeprecatedObject -Database $Db -Name legacy_table -Force -Confirm:$false
        Get-TestTableNames $Db | Should -Not -Contain '_deprecated_legacy_table'
    }

    It 'refuses to rename what a view depends on, naming it, unless -Force' {
        $null = Invoke-TestSql -Url $Db -Sql 'CREATE VIEW legacy_view AS SELECT id, payload FROM legacy_table;'
        { Remove-MigrationTable -Database $Db -Name legacy_table -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'HasDependents*'
        try { Remove-MigrationTable -Database $Db -Name legacy_table -Confirm:$false -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'legacy_view' }
        Get-TestTableNames $Db | Should -Contain 'legacy_table'
    }

    It '-Hard drops at once only with a verified backup from the last day' {
        { Remove-MigrationTable -Database $Db -Name legacy_table -Hard -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NoRecentBackup*'
        $null = New-MigrationBackup -Database $Db -Table legacy_table
        Remove-MigrationTable -Database $Db -Name legacy_table -Hard -Confirm:$false
        Get-TestTableNames $Db | Should -Not -Contain 'legacy_table'
        Get-DeprecatedObject -Database $Db | Should -BeNullOrEmpty
    }

    It 'a migration''s soft-drop directive renames through the same code, and its undo restores' {
        $folder = New-TestMigrationFolder @{
            '1_retire_legacy.up.sql'   = "-- rollbacktools:soft-drop table legacy_table`nCREATE TABLE replacement (id INTEGER PRIMARY KEY);`n"
            '1_retire_legacy.down.sql' = "DROP TABLE replacement;`n"
        }
        (Invoke-Migration -Path $folder -Database $Db).Status | Should -Be 'Succeeded'
        $deprecated = Get-DeprecatedObject -Database $Db
        $deprecated.Name | Should -Be 'legacy_table'
        $deprecated.MigrationVersion | Should -Be '1'
        Get-TestTableNames $Db | Should -Not -Contain 'legacy_table'

        (Undo-Migration -Database $Db -Confirm:$false).Status | Should -Be 'Succeeded'
        Invoke-TestSql -Url $Db -Sql 'SELECT count(*) FROM legacy_table;' | Should -Be '2'
        Get-DeprecatedObject -Database $Db | Should -BeNullOrEmpty
        Remove-Item -Recurse -Force $folder
    }
}
