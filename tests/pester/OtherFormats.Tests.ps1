# Folders written for goose, Liquibase (formatted SQL) and Sqitch, read in place, applied and undone on
# PostgreSQL, MariaDB and SQLite; what those tools would do differently from us is refused before anything runs.

BeforeDiscovery {
    $script:Providers = @(
        @{
            Provider   = 'PostgreSql'
            Body       = "CREATE FUNCTION add_one(x integer) RETURNS integer AS `$`$`nBEGIN`n  RETURN x + 1;`nEND;`n`$`$ LANGUAGE plpgsql;"
            DropBody   = 'DROP FUNCTION add_one(integer);'
            Check      = 'SELECT add_one(41);'
            Expect     = '42'
            Index      = 'CREATE INDEX CONCURRENTLY ix_users_name ON users (name);'
            DropIndex  = 'DROP INDEX CONCURRENTLY ix_users_name;'
        }
        @{
            Provider   = 'MySql'
            Body       = "CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC`nBEGIN`n  DECLARE y INT;`n  SET y = x + 1;`n  RETURN y;`nEND;"
            DropBody   = 'DROP FUNCTION add_one;'
            Check      = 'SELECT add_one(41);'
            Expect     = '42'
            Index      = 'CREATE INDEX ix_users_name ON users (name);'
            DropIndex  = 'DROP INDEX ix_users_name ON users;'
        }
        @{
            Provider   = 'Sqlite'
            Body       = "CREATE TRIGGER users_upper AFTER INSERT ON users`nBEGIN`n  UPDATE users SET name = upper(name) WHERE id = NEW.id;`nEND;"
            DropBody   = 'DROP TRIGGER users_upper;'
            Check      = "INSERT INTO users (id, name) VALUES (41, 'x'); SELECT name FROM users WHERE id = 41;"
            Expect     = 'X'
            Index      = 'CREATE INDEX ix_users_name ON users (name);'
            DropIndex  = 'DROP INDEX ix_users_name;'
        }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'A goose folder on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '00001_users.sql'          = "-- +goose Up`nCREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));`n`n-- +goose Down`nDROP TABLE users;`n"
            '00002_body.sql'           = "-- +goose Up`n-- +goose StatementBegin`n$Body`n-- +goose StatementEnd`n`n-- +goose Down`n-- +goose StatementBegin`n$DropBody`n-- +goose StatementEnd`n"
            '00003_seed.sql'           = "-- +goose Up`nINSERT INTO users (id, name) VALUES (1, 'one');`nINSERT INTO users (id, name) VALUES (2, 'two; three');`n"
            '20240101120000_index.sql' = "-- +goose NO TRANSACTION`n-- +goose Up`n$Index`n`n-- +goose Down`n$DropIndex`n"
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'reads the sections, keeps StatementBegin blocks whole, applies and undoes to the schema before' {
        $before = Get-TestSchema $Db
        $info = Get-Migration -Path $Folder -Database $Db
        $info.Version.ForEach({ $_.ToString() }) | Should -Be @('00001', '00002', '00003', '20240101120000')
        $info.Format | Should -Be @('Goose', 'Goose', 'Goose', 'Goose')
        ($info | Where-Object DownIsEmpty).Version.ToString() | Should -Be '00003' -Because "goose's missing Down section is its no-op down"

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
        $run.StatementCount | Should -Be @(1, 1, 2, 1)
        $run[3].InTransaction | Should -BeFalse -Because '-- +goose NO TRANSACTION'
        Invoke-TestSql -Url $Db -Sql $Check | Select-Object -Last 1 | Should -Be $Expect
        Invoke-TestSql -Url $Db -Sql "SELECT name FROM users WHERE id = 2;" | Should -Be 'two; three'

        $undone = Undo-Migration -Database $Db -All -Confirm:$false
        $undone.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
        Get-TestSchema $Db | Should -Be $before
    }

    It 'refuses ENVSUB, which would substitute environment variables, before anything runs' {
        Set-Content -LiteralPath (Join-Path $Folder '00005_env.sql') -Value "-- +goose ENVSUB ON`n-- +goose Up`nCREATE TABLE env_t (id INTEGER);`n"
        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }

    It 'refuses a StatementBegin without its StatementEnd at planning' {
        Set-Content -LiteralPath (Join-Path $Folder '00005_open.sql') -Value "-- +goose Up`n-- +goose StatementBegin`nCREATE TABLE open_t (id INTEGER);`n"
        $err = $null
        Invoke-Migration -Path $Folder -Database $Db -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMigrationScript*'
        $err[0].Exception.Message | Should -Match '00005_open.sql.*line 2'
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }
}

Describe 'A Liquibase formatted SQL folder on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '001-schema.sql' = @"
--liquibase formatted sql

--changeset alice:create-users
CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));
--rollback DROP TABLE users;

--changeset alice:body splitStatements:false
$Body
--rollback $DropBody

--changeset bob:two-rows endDelimiter:/
INSERT INTO users (id, name) VALUES (1, 'a; b')
/
INSERT INTO users (id, name) VALUES (2, 'c')
/
--rollback DELETE FROM users WHERE id IN (1, 2)

--changeset carol:pg-only dbms:postgresql
CREATE TABLE pg_t (id INTEGER);
--rollback DROP TABLE pg_t;

--changeset carol:not-pg dbms:!postgresql
CREATE TABLE other_t (id INTEGER);
--rollback DROP TABLE other_t;

--changeset dave:index runInTransaction:false context:prod labels:perf
$Index
--rollback $DropIndex
"@
            '002-data.sql'   = @"
--liquibase formatted sql
--changeset alice:seed
INSERT INTO users (id, name) VALUES (10, 'ten');
/* liquibase rollback
DELETE FROM users
 WHERE id = 10;
*/

--changeset alice:touch
--comment: nothing to put back
UPDATE users SET name = name WHERE id = 10;
--rollback not required
"@
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'maps changesets to file.changeset versions, honours their attributes, applies and undoes to the schema before' {
        $before = Get-TestSchema $Db
        $info = Get-Migration -Path $Folder -Database $Db
        $own = if ($Provider -eq 'PostgreSql') { '001.4' } else { '001.5' }
        $info.Version.ForEach({ $_.ToString() }) | Should -Be @('001.1', '001.2', '001.3', $own, '001.6', '002.1', '002.2')
        $info[0].Name | Should -Be 'alice:create-users'
        ($info | Where-Object DownIsEmpty).Name | Should -Be 'alice:touch'
        $info.Format | Select-Object -Unique | Should -Be 'Liquibase'

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Select-Object -Unique | Should -Be 'Succeeded'
        ($run | Where-Object Name -eq 'alice:body').StatementCount | Should -Be 1
        ($run | Where-Object Name -eq 'bob:two-rows').StatementCount | Should -Be 2
        ($run | Where-Object Name -eq 'dave:index').InTransaction | Should -BeFalse
        Invoke-TestSql -Url $Db -Sql $Check | Select-Object -Last 1 | Should -Be $Expect
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM users WHERE id = 1;' | Should -Be 'a; b'
        $tables = Get-TestTableNames $Db
        if ($Provider -eq 'PostgreSql') { $tables | Should -Contain 'pg_t'; $tables | Should -Not -Contain 'other_t' }
        else { $tables | Should -Contain 'other_t'; $tables | Should -Not -Contain 'pg_t' }

        (Undo-Migration -Database $Db -Confirm:$false).Name | Should -Be 'alice:touch'
        (Undo-Migration -Database $Db -Confirm:$false).Name | Should -Be 'alice:seed'
        Invoke-TestSql -Url $Db -Sql 'SELECT COUNT(*) FROM users WHERE id = 10;' | Should -Be '0' -Because 'the /* liquibase rollback */ block ran'
        $undone = Undo-Migration -Database $Db -All -Confirm:$false
        $undone.Status | Select-Object -Unique | Should -Be 'Succeeded'
        Get-TestSchema $Db | Should -Be $before
    }

    It 'refuses <Attribute>, which would run differently from Liquibase, before anything runs' -ForEach @(
        @{ Attribute = 'runAlways:true'; Line = '--changeset eve:again runAlways:true' }
        @{ Attribute = 'runOnChange:true'; Line = '--changeset eve:again runOnChange:true' }
        @{ Attribute = 'failOnError:false'; Line = '--changeset eve:again failOnError:false' }
        @{ Attribute = 'a precondition'; Line = "--changeset eve:again`n--preconditions onFail:MARK_RAN" }
    ) {
        Set-Content -LiteralPath (Join-Path $Folder '003-again.sql') -Value "--liquibase formatted sql`n$Line`nCREATE TABLE again_t (id INTEGER);`n"
        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }
}

Describe 'A Sqitch project on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            'sqitch.plan'                = @'
%syntax-version=1.0.0
%project=widgets
%uri=https://example.com/widgets/

users 2024-01-01T10:00:00Z Ann Example <ann@example.com> # The users table.
widgets [users] 2024-01-02T10:00:00Z Ann Example <ann@example.com> # Widgets belong to users.
user_names [users] 2024-01-03T10:00:00Z Ann Example <ann@example.com> # Names, as written.
@v1.0 2024-01-04T10:00:00Z Ann Example <ann@example.com> # Tag v1.0.

user_names [user_names@v1.0] 2024-01-05T10:00:00Z Ann Example <ann@example.com> # Names, upper case.
'@
            'deploy/users.sql'           = "-- Deploy widgets:users`n`nBEGIN;`n`nCREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));`n`nCOMMIT;`n"
            'revert/users.sql'           = "-- Revert widgets:users`n`nBEGIN;`n`nDROP TABLE users;`n`nCOMMIT;`n"
            'verify/users.sql'           = "-- Verify widgets:users`n`nBEGIN;`n`nSELECT id, name FROM users WHERE 1 = 0;`n`nROLLBACK;`n"
            'deploy/widgets.sql'         = "BEGIN;`nCREATE TABLE widgets (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));`nCOMMIT;`n"
            'revert/widgets.sql'         = "BEGIN;`nDROP TABLE widgets;`nCOMMIT;`n"
            'verify/widgets.sql'         = "SELECT id, user_id FROM widgets WHERE 1 = 0;`n"
            'deploy/user_names@v1.0.sql' = "BEGIN;`nCREATE VIEW user_names AS SELECT name FROM users;`nCOMMIT;`n"
            'revert/user_names@v1.0.sql' = "BEGIN;`nDROP VIEW user_names;`nCOMMIT;`n"
            'deploy/user_names.sql'      = "BEGIN;`nDROP VIEW user_names;`nCREATE VIEW user_names AS SELECT upper(name) AS name FROM users;`nCOMMIT;`n"
            'revert/user_names.sql'      = "BEGIN;`nDROP VIEW user_names;`nCREATE VIEW user_names AS SELECT name FROM users;`nCOMMIT;`n"
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'plans the changes in plan order, a reworked change from name@tag, verifies without a row, and undoes to the schema before' {
        $before = Get-TestSchema $Db
        $info = Get-Migration -Path $Folder -Database $Db
        $info.Version.ForEach({ $_.ToString() }) | Should -Be @('1', '2', '3', '4')
        $info.Name | Should -Be @('users', 'widgets', 'user_names', 'user_names')
        $info[2].Path | Should -BeLike '*user_names@v1.0.sql'
        $info.Format | Select-Object -Unique | Should -Be 'Sqitch'

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
        $run[0].StatementCount | Should -Be 1 -Because "the template's BEGIN and COMMIT give way to our transaction"
        $null = Invoke-TestSql -Url $Db -Sql "INSERT INTO users (id, name) VALUES (1, 'ann');"
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM user_names;' | Should -Be 'ANN'

        (Undo-Migration -Database $Db -Confirm:$false).Version.ToString() | Should -Be '4'
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM user_names;' | Should -Be 'ann' -Because 'the revert of a reworked change puts the earlier view back'
        $null = Invoke-TestSql -Url $Db -Sql 'DELETE FROM users;'
        (Undo-Migration -Database $Db -All -Confirm:$false).Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
        Get-TestSchema $Db | Should -Be $before
    }

    It 'fails a change whose verify script raises an error, and applies nothing after it' {
        Set-Content -LiteralPath (Join-Path $Folder 'verify/widgets.sql') -Value "SELECT no_such_column FROM widgets WHERE 1 = 0;`n"
        $run = Invoke-Migration -Path $Folder -Database $Db -ErrorAction SilentlyContinue
        $run.Status | Should -Be @('Succeeded', 'Failed', 'Skipped', 'Skipped')
        $run[1].Error | Should -Match 'verify'
        (Get-Migration -Path $Folder -Database $Db -State Applied).Name | Should -Be 'users'
    }

    It 'refuses a plan entry that reverts a change, before anything runs' {
        Add-Content -LiteralPath (Join-Path $Folder 'sqitch.plan') -Value "`n-widgets 2024-01-06T10:00:00Z Ann Example <ann@example.com> # gone"
        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }
}

Describe 'A Flyway repeatable migration on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            'V1__users.sql'      = "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50));"
            'U1__users.sql'      = "DROP VIEW IF EXISTS user_names;`nDROP TABLE users;"
            'R__user_names.sql'  = "DROP VIEW IF EXISTS user_names;`nCREATE VIEW user_names AS SELECT name FROM users;"
        }
        $script:View = Join-Path $Folder 'R__user_names.sql'
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'runs after the versioned ones whenever it changed, and undo puts the previous text back' {
        $before = Get-TestSchema $Db
        (Invoke-Migration -Path $Folder -Database $Db).Version.ForEach({ $_.ToString() }) | Should -Be @('1', 'R__user_names')
        $null = Invoke-TestSql -Url $Db -Sql "INSERT INTO users (id, name) VALUES (1, 'ann');"
        Invoke-Migration -Path $Folder -Database $Db | Should -BeNullOrEmpty -Because 'an unchanged repeatable does not run again'

        Set-Content -LiteralPath $View -Value "DROP VIEW IF EXISTS user_names;`nCREATE VIEW user_names AS SELECT upper(name) AS name FROM users;"
        (Get-Migration -Path $Folder -Database $Db | Where-Object { $_.Version.IsRepeatable }).State | Should -Be 'Pending'
        (Invoke-Migration -Path $Folder -Database $Db).Version.ToString() | Should -Be 'R__user_names'
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM user_names;' | Should -Be 'ANN'

        Set-Content -LiteralPath (Join-Path $Folder 'V2__widgets.sql') -Value 'CREATE TABLE widgets (id INTEGER);'
        Set-Content -LiteralPath (Join-Path $Folder 'U2__widgets.sql') -Value 'DROP TABLE widgets;'
        (Invoke-Migration -Path $Folder -Database $Db).Version.ToString() | Should -Be '2'

        (Undo-Migration -Database $Db -Confirm:$false).Version.ToString() | Should -Be '2' -Because 'the repeatable was changed before 2 was applied'
        (Undo-Migration -Database $Db -Confirm:$false).Version.ToString() | Should -Be 'R__user_names'
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM user_names;' | Should -Be 'ann' -Because 'undo ran the text it had replaced'
        (Get-Migration -Path $Folder -Database $Db | Where-Object { $_.Version.IsRepeatable }).State | Should -Be 'Pending' -Because 'the folder holds the newer text'

        $null = Undo-Migration -Database $Db -All -Confirm:$false
        Get-Migration -Database $Db | Should -BeNullOrEmpty
        Get-TestSchema $Db | Should -Be $before
    }
}
