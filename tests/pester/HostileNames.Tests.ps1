# Identifiers taken literally: a set of hostile names through every cmdlet that takes a table, column or
# schema name, on PostgreSQL, MariaDB and SQLite. A canary table must survive every operation, each name must
# come back exactly as given, and a name the database cannot hold fails with an ErrorId, never QueryFailed.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Q = '"'; Limit = 63 }
        @{ Provider = 'MySql'; Q = '`'; Limit = 64 }
        @{ Provider = 'Sqlite'; Q = '"'; Limit = 100 }
    )
    # Names every database here can hold; each is used for a table and for a column in it.
    $script:HostileNames = @(
        'it''s', 'say "hi"', 'back`tick', '[bracketed]', '100%', 'us_r', 'back\slash', ' lead space',
        "new`nline", 'Kundé Ñandú', 'select', 'table', 'x;DROP TABLE canary;--'
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    function script:Format-Quoted {
        param([string] $Name, [string] $Q)
        $Q + $Name.Replace($Q, $Q + $Q) + $Q
    }

}

Describe 'Hostile names on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeAll {
        $script:Db = New-TestDatabase $Provider
        $null = Invoke-TestSql -Url $Db -Sql 'CREATE TABLE canary (id INTEGER PRIMARY KEY); INSERT INTO canary VALUES (1);'
    }

    AfterAll {
        Remove-TestDatabase $Db
    }

    AfterEach {
        Invoke-TestSql -Url $Db -Sql 'SELECT id FROM canary;' | Should -Be '1' -Because 'no name may ever reach the SQL as SQL'
    }

    It 'backs up, restores, soft-deletes and restores, and snapshots a table and a column named <_>' -ForEach $HostileNames {
        $name = $_
        $table = Format-Quoted $name $Q
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE $table (id INTEGER PRIMARY KEY, $table VARCHAR(20)); INSERT INTO $table VALUES (1, 'one'), (2, 'two');"
        try {
            $backup = New-MigrationBackup -Database $Db -Table $name
            $backup.Table | Should -BeExactly $name
            $backup.Verified | Should -BeTrue
            $null = Invoke-TestSql -Url $Db -Sql "DELETE FROM $table WHERE id = 2;"
            $null = $backup | Restore-MigrationBackup -Confirm:$false
            Invoke-TestSql -Url $Db -Sql "SELECT count(*) FROM $table;" | Should -Be '2'

            (Get-MigrationSchema -Database $Db).Objects.Name | Should -Contain $name

            $column = Remove-MigrationColumn -Database $Db -Table $name -Name $name -Confirm:$false
            $column.Name | Should -BeExactly $name
            $gone = Remove-MigrationTable -Database $Db -Name $name -Confirm:$false
            $gone.Name | Should -BeExactly $name
            (Get-DeprecatedObject -Database $Db).Name | Should -Contain $name
            # The table gets its name back before the column inside it.
            $null = Get-DeprecatedObject -Database $Db | Sort-Object Kind -Descending | Restore-DeprecatedObject -Confirm:$false
            Invoke-TestSql -Url $Db -Sql "SELECT $table FROM $table WHERE id = 1;" | Should -Be 'one'
            (Get-DeprecatedObject -Database $Db) | Should -BeNullOrEmpty
        }
        finally {
            Get-MigrationBackup -Database $Db | Remove-MigrationBackup -Confirm:$false
            Get-DeprecatedObject -Database $Db | Where-Object Kind -eq Table | Clear-DeprecatedObject -Force -Confirm:$false -ErrorAction SilentlyContinue
            $null = Invoke-TestSql -Url $Db -Sql "DROP TABLE IF EXISTS $table;"
        }
    }

    It 'a _ or % in a name matches only itself: a view on usXr does not hold us_r' {
        $decoy = Format-Quoted 'usXr' $Q
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE $decoy (id INTEGER); CREATE VIEW on_usxr AS SELECT id FROM $decoy; CREATE TABLE us_r (id INTEGER);"
        try {
            (Remove-MigrationTable -Database $Db -Name us_r -Confirm:$false).Name | Should -Be 'us_r'
            { Remove-MigrationTable -Database $Db -Name usXr -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'HasDependents*'
        }
        finally {
            $null = Get-DeprecatedObject -Database $Db | Restore-DeprecatedObject -Confirm:$false
            $null = Invoke-TestSql -Url $Db -Sql "DROP VIEW IF EXISTS on_usxr; DROP TABLE IF EXISTS $decoy; DROP TABLE IF EXISTS us_r;"
        }
    }

    It 'a table named like a keyword is not "used by" every view' {
        $select = Format-Quoted 'select' $Q
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE other (id INTEGER); CREATE VIEW on_other AS SELECT id FROM other; CREATE TABLE $select (id INTEGER);"
        try {
            (Remove-MigrationTable -Database $Db -Name select -Confirm:$false).Name | Should -Be 'select'
        }
        finally {
            $null = Get-DeprecatedObject -Database $Db | Restore-DeprecatedObject -Confirm:$false
            $null = Invoke-TestSql -Url $Db -Sql "DROP VIEW IF EXISTS on_other; DROP TABLE IF EXISTS other; DROP TABLE IF EXISTS $select;"
        }
    }

    It 'a name at the length limit is kept whole; one past it is InvalidIdentifier, never TableNotFound or QueryFailed' {
        $atLimit = 'l' * $Limit
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE $(Format-Quoted $atLimit $Q) (id INTEGER PRIMARY KEY);"
        try {
            (New-MigrationBackup -Database $Db -Table $atLimit).Table | Should -BeExactly $atLimit
            if ($Provider -ne 'Sqlite') {
                $err = $null
                New-MigrationBackup -Database $Db -Table ('l' * ($Limit + 1)) -ErrorVariable err -ErrorAction SilentlyContinue
                $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIdentifier*'
            }
        }
        finally {
            Get-MigrationBackup -Database $Db | Remove-MigrationBackup -Confirm:$false
            $null = Invoke-TestSql -Url $Db -Sql "DROP TABLE IF EXISTS $(Format-Quoted $atLimit $Q);"
        }
    }

    It 'a name the database cannot hold is TableNotFound or InvalidIdentifier, never QueryFailed (<_>)' -ForEach @('smile 🙂', 'trailing space ') {
        $err = $null
        New-MigrationBackup -Database $Db -Table $_ -ErrorVariable err -ErrorAction SilentlyContinue
        Remove-MigrationTable -Database $Db -Name $_ -Confirm:$false -ErrorVariable +err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 2
        foreach ($e in $err) { $e.FullyQualifiedErrorId | Should -Match '^(TableNotFound|InvalidIdentifier),' }
    }
}

Describe 'SQLite names that only look reserved' {
    It 'a table named sqlite1_data is in the schema snapshot: only sqlite_ itself is reserved' {
        $db = New-TestDatabase Sqlite
        try {
            $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE sqlite1_data (id INTEGER);'
            (Get-MigrationSchema -Database $db).Objects.Name | Should -Contain 'sqlite1_data'
        }
        finally { Remove-TestDatabase $db }
    }
}
