# -ScriptPath: the SQL a run would send, written for review and changing nothing. The proof that it is the
# run's SQL: replayed by the database's own client on one database, it leaves that database exactly as a real
# run leaves another, schema, journal and history alike.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql' }
        @{ Provider = 'MySql' }
        @{ Provider = 'Sqlite' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # What the journal and the history say, without the moments, durations and run ids only a run knows.
    function script:Get-Recorded([string] $Db, [string] $Folder) {
        $journal = Get-Migration -Path $Folder -Database $Db | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.Version, $_.Name, $_.State, $_.Checksum, $_.AppliedBy }
        $history = Get-MigrationHistory -Database $Db | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.Version, $_.Action, $_.Status, $_.StatementsDone, $_.By }
        [pscustomobject]@{ Journal = @($journal); History = @($history) }
    }
}

Describe 'SQL plans on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeAll {
        $script:Folder = New-TestMigrationFolder @{
            '1_users.up.sql'   = "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);`nINSERT INTO users (id, name) VALUES (1, 'O''Brien \ backslash');`n"
            '1_users.down.sql' = "DROP TABLE users;`n"
            '2_orders.up.sql'  = "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL); -- the orders`nCREATE INDEX ix_orders_user ON orders (user_id);`n"
            '2_orders.down.sql' = "DROP TABLE orders;`n"
        }
        $script:Replayed = New-TestDatabase $Provider
        $script:Real = New-TestDatabase $Provider
        $script:Plan = Join-Path $Folder 'release.sql'
        $script:UndoPlan = Join-Path $Folder 'undo.sql'
    }

    AfterAll {
        Remove-TestDatabase $Replayed
        Remove-TestDatabase $Real
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'Invoke-Migration -ScriptPath writes the plan, returns the file and changes nothing' {
        $file = Invoke-Migration -Path $Folder -Database $Replayed -ScriptPath $Plan
        $file.FullName | Should -Be $Plan
        $text = Get-Content -Raw $Plan
        $text | Should -Match 'CREATE TABLE users'
        $text | Should -Match 'INSERT INTO .rollbacktools_migrations_history.'
        $text.IndexOf('CREATE TABLE users') | Should -BeLessThan $text.IndexOf('CREATE TABLE orders') -Because 'migrations run in version order'
        if ($Provider -eq 'Sqlite') { Test-Path ($Replayed -replace '^sqlite:', '') | Should -BeFalse }
        else { Get-TestTableNames $Replayed | Should -BeNullOrEmpty }
    }

    It 'replayed by the database''s own client, leaves the schema, journal and history a real run leaves' {
        $null = Invoke-TestSql -Url $Replayed -Sql (Get-Content -Raw $Plan)
        $results = @(Invoke-Migration -Path $Folder -Database $Real)
        $results.Status | Should -Be @('Succeeded', 'Succeeded')

        Get-TestSchema $Replayed | Should -Be (Get-TestSchema $Real)
        Invoke-TestSql -Url $Replayed -Sql 'SELECT name FROM users' | Should -Be (Invoke-TestSql -Url $Real -Sql 'SELECT name FROM users')
        $fromPlan = Get-Recorded $Replayed $Folder
        $fromRun = Get-Recorded $Real $Folder
        $fromPlan.Journal | Should -Be $fromRun.Journal
        $fromPlan.History | Should -Be $fromRun.History
        $fromPlan.Journal.Count | Should -Be 2
        $scripts = "SELECT version, up_script, down_script, statements_done FROM rollbacktools_migrations ORDER BY version"
        Invoke-TestSql -Url $Replayed -Sql $scripts | Should -Be (Invoke-TestSql -Url $Real -Sql $scripts) -Because 'the journal keeps each script byte for byte'
        (Get-Migration -Path $Folder -Database $Replayed).State | Should -Be @('Applied', 'Applied') -Because 'the module reads the replayed journal as its own'
    }

    It 'Undo-Migration -ScriptPath writes the undo, and its replay takes the database back as a real undo does' {
        $file = Undo-Migration -Database $Replayed -All -ScriptPath $UndoPlan
        $file.FullName | Should -Be $UndoPlan
        (Get-Migration -Path $Folder -Database $Replayed).State | Should -Be @('Applied', 'Applied') -Because 'writing the plan undid nothing'
        (Get-Content -Raw $UndoPlan).IndexOf('DROP TABLE orders') | Should -BeLessThan (Get-Content -Raw $UndoPlan).IndexOf('DROP TABLE users') -Because 'undo goes newest first'

        $null = Invoke-TestSql -Url $Replayed -Sql (Get-Content -Raw $UndoPlan)
        $null = Undo-Migration -Database $Real -All -Confirm:$false
        Get-TestSchema $Replayed | Should -Be (Get-TestSchema $Real)
        (Get-Recorded $Replayed $Folder).History | Should -Be (Get-Recorded $Real $Folder).History
        (Get-Migration -Path $Folder -Database $Replayed).State | Should -Be @('Pending', 'Pending')
    }

    It 'with nothing pending writes a plan that says so and holds no statement' {
        $null = Invoke-Migration -Path $Folder -Database $Real
        $null = Invoke-Migration -Path $Folder -Database $Real -ScriptPath $Plan
        $lines = Get-Content $Plan | Where-Object { $_ -and $_ -notmatch '^--' }
        $lines | Should -BeNullOrEmpty
        (Get-Content -Raw $Plan) | Should -Match 'nothing to do'
    }
}
