# Migration folders as projects ship them: empty steps, MySQL routines without DELIMITER, and files that
# must be refused before anything runs, on PostgreSQL, MariaDB and SQLite.

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
}

Describe 'Empty scripts are valid no-ops on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_users.up.sql'          = 'CREATE TABLE users (id INTEGER PRIMARY KEY);'
            '1_users.down.sql'        = 'DROP TABLE users;'
            '2_nothing.up.sql'        = ''
            '2_nothing.down.sql'      = ''
            '3_spaces.up.sql'         = "   `n`t`n  "
            '3_spaces.down.sql'       = "`n"
            '4_comments.up.sql'       = "-- only on the other database`n/* nothing here; not even this */`n-- ;`n"
            '4_comments.down.sql'     = '-- nothing to undo'
            '5_seed.sql'              = "-- migrate:up`nINSERT INTO users (id) VALUES (1);`n`n-- migrate:down`n"
            '6_index.up.sql'          = 'CREATE INDEX ix_users_id ON users (id);'
            '6_index.down.sql'        = '-- the index is kept on purpose'
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'lists them, applies them, and undoes them to the schema before' {
        $before = Get-TestSchema $Db
        $info = Get-Migration -Path $Folder -Database $Db
        $info.Version.ForEach({ $_.ToString() }) | Should -Be @('1', '2', '3', '4', '5', '6')
        ($info | Where-Object IsEmpty).Version.ForEach({ $_.ToString() }) | Should -Be @('2', '3', '4')
        ($info | Where-Object DownIsEmpty).Version.ForEach({ $_.ToString() }) | Should -Be @('2', '3', '4', '5', '6')

        $readiness = Test-MigrationReadiness -Path $Folder -Database $Db | Where-Object Name -eq 'Rollback script present'
        $readiness.Status | Should -Be 'Warn'
        $readiness.Detail | Should -Match '6 \(index\)'
        $readiness.Detail | Should -Not -Match '5 \(seed\)' -Because 'a data step with nothing to undo changes no schema'

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
        ($run | Where-Object { $_.Version.ToString() -in '2', '3', '4' }).StatementCount | Should -Be @(0, 0, 0)
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Applied', 'Applied', 'Applied', 'Applied')

        $undone = Undo-Migration -Database $Db -All -Confirm:$false
        $undone.Status | Should -Not -Contain 'Failed'
        Get-TestTableNames $Db | Should -Not -Contain 'users'
        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Pending', 'Pending', 'Pending', 'Pending', 'Pending', 'Pending')
    }
}

Describe 'Scripts refused before anything runs on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_first.up.sql'   = 'CREATE TABLE first_t (id INTEGER);'
            '1_first.down.sql' = 'DROP TABLE first_t;'
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'a file that is not UTF-8 (Latin-1) is refused naming the byte offset, and nothing is applied' {
        $bytes = [Text.Encoding]::ASCII.GetBytes("CREATE TABLE t2 (name VARCHAR(10));`nINSERT INTO t2 VALUES ('caf") + [byte] 0xE9 + [Text.Encoding]::ASCII.GetBytes("');`n")
        [IO.File]::WriteAllBytes((Join-Path $Folder '2_latin1.up.sql'), $bytes)
        Set-Content -LiteralPath (Join-Path $Folder '2_latin1.down.sql') -Value 'DROP TABLE t2;'

        $err = $null
        Invoke-Migration -Path $Folder -Database $Db -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMigrationScript*'
        $err[0].Exception.Message | Should -Match "offset $($bytes.Length - 5) \(line 2\)"
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }

    It 'the same Latin-1 file applies with -Encoding latin1, its letters intact' {
        $bytes = [Text.Encoding]::ASCII.GetBytes("CREATE TABLE t2 (name VARCHAR(10));`nINSERT INTO t2 VALUES ('caf") + [byte] 0xE9 + [Text.Encoding]::ASCII.GetBytes("');`n")
        [IO.File]::WriteAllBytes((Join-Path $Folder '2_latin1.up.sql'), $bytes)
        Set-Content -LiteralPath (Join-Path $Folder '2_latin1.down.sql') -Value 'DROP TABLE t2;'

        (Invoke-Migration -Path $Folder -Database $Db -Encoding latin1).Status | Should -Be @('Succeeded', 'Succeeded')
        Invoke-TestSql -Url $Db -Sql 'SELECT name FROM t2;' | Should -Be "caf$([char] 0xE9)"
        (Get-Migration -Path $Folder -Database $Db -Encoding 28591).State | Should -Be @('Applied', 'Applied') -Because 'the checksum is of the text, read the same way'
        { Get-Migration -Path $Folder -Database $Db -Encoding klingon -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'binary junk is refused, and nothing is applied' {
        [IO.File]::WriteAllBytes((Join-Path $Folder '2_junk.up.sql'), [byte[]] (0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41, 0x42))
        Set-Content -LiteralPath (Join-Path $Folder '2_junk.down.sql') -Value 'SELECT 1;'

        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMigrationScript*'
        Get-TestTableNames $Db | Should -BeNullOrEmpty
    }

    It 'an unterminated <What> is refused at planning, and nothing is applied' -ForEach @(
        @{ What = 'string'; Sql = "CREATE TABLE t3 (id INTEGER);`nINSERT INTO t3 VALUES (1);`nSELECT 'never closed;`nCREATE TABLE t4 (id INTEGER);`n" }
        @{ What = 'comment'; Sql = "CREATE TABLE t3 (id INTEGER);`n/* never closed`nCREATE TABLE t4 (id INTEGER);`n" }
    ) {
        Set-Content -LiteralPath (Join-Path $Folder '2_open.up.sql') -Value $Sql
        Set-Content -LiteralPath (Join-Path $Folder '2_open.down.sql') -Value 'DROP TABLE t3;'

        $err = $null
        Invoke-Migration -Path $Folder -Database $Db -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMigrationScript*'
        $err[0].Exception.Message | Should -Match '2_open.up.sql'
        Get-TestTableNames $Db | Should -BeNullOrEmpty -Because 'not even the migration before it runs'
    }

    It 'a BOM and CRLF line ends keep working' {
        [IO.File]::WriteAllBytes((Join-Path $Folder '2_bom.up.sql'), [byte[]] (0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("CREATE TABLE t5 (id INTEGER);`r`nINSERT INTO t5 VALUES (1);`r`n"))
        Set-Content -LiteralPath (Join-Path $Folder '2_bom.down.sql') -Value "DROP TABLE t5;`r`n"
        (Invoke-Migration -Path $Folder -Database $Db).Status | Should -Be @('Succeeded', 'Succeeded')
    }
}

Describe 'MariaDB routines, triggers and events without DELIMITER' -Tag Integration {
    BeforeAll {
        $script:Db = New-TestDatabase MySql
        $script:Folder = New-TestMigrationFolder @{
            '1_routines.up.sql'   = @'
CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL DEFAULT 0);
CREATE PROCEDURE bump(IN times INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET i = times; END;
  counting: LOOP
    IF i >= times THEN LEAVE counting; END IF;
    UPDATE counters SET n = n + 1 WHERE id = 1;
    SET i = i + 1;
  END LOOP counting;
END;
CREATE PROCEDURE reset_counters()
BEGIN
  WHILE (SELECT COUNT(*) FROM counters WHERE n <> 0) > 0 DO
    UPDATE counters SET n = 0 WHERE n <> 0;
  END WHILE;
  REPEAT SET @done = 1; UNTIL @done = 1 END REPEAT;
END;
CREATE FUNCTION describe_n(x INT) RETURNS VARCHAR(10) DETERMINISTIC
BEGIN
  CASE WHEN x > 1 THEN RETURN 'many'; WHEN x = 1 THEN RETURN 'one'; ELSE RETURN IF(x = 0, 'none', 'neg'); END CASE;
END;
CREATE TRIGGER counters_floor BEFORE UPDATE ON counters FOR EACH ROW
BEGIN
  IF NEW.n < 0 THEN SET NEW.n = 0; END IF;
END;
CREATE EVENT counters_nightly ON SCHEDULE EVERY 1 DAY DISABLE DO BEGIN UPDATE counters SET n = n; DELETE FROM counters WHERE id < 0; END;
INSERT INTO counters (id, n) VALUES (1, 0);
'@
            '1_routines.down.sql' = "DROP EVENT counters_nightly;`nDROP TRIGGER counters_floor;`nDROP FUNCTION describe_n;`nDROP PROCEDURE reset_counters;`nDROP PROCEDURE bump;`nDROP TABLE counters;`n"
        }
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'applies each routine as one statement, works, and undoes to nothing' {
        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Be 'Succeeded'
        $run.StatementCount | Should -Be 7
        $null = Invoke-TestSql -Url $Db -Sql 'CALL bump(3);'
        Invoke-TestSql -Url $Db -Sql 'SELECT describe_n(n) FROM counters WHERE id = 1;' | Should -Be 'many'
        Invoke-TestSql -Url $Db -Sql "SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE() AND event_name = 'counters_nightly';" | Should -Be '1'

        (Undo-Migration -Database $Db -Confirm:$false).Status | Should -Be 'Succeeded'
        Get-TestTableNames $Db | Where-Object { $_ -notlike 'rollbacktools*' } | Should -BeNullOrEmpty
        Invoke-TestSql -Url $Db -Sql 'SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE();' | Should -Be '0'
    }
}

Describe 'One folder for several databases on <Provider>' -Tag Integration -ForEach @(
    @{ Provider = 'PostgreSql'; Own = 'pg_only'; Dialect = 'postgres' }
    @{ Provider = 'MySql'; Own = 'my_only'; Dialect = 'mysql' }
    @{ Provider = 'Sqlite'; Own = 'lite_only'; Dialect = 'sqlite3' }
) {
    BeforeAll {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_base.up.sql'                        = 'CREATE TABLE base (id INTEGER PRIMARY KEY);'
            '1_base.down.sql'                      = 'DROP TABLE base;'
            '2_own.postgres.up.sql'                = 'CREATE TABLE pg_only (id INTEGER);'
            '2_own.postgres.down.sql'              = 'DROP TABLE pg_only;'
            '2_own.mysql.up.sql'                   = 'CREATE TABLE my_only (id INTEGER);'
            '2_own.mysql.down.sql'                 = 'DROP TABLE my_only;'
            '2_own.sqlite3.up.sql'                 = 'CREATE TABLE lite_only (id INTEGER);'
            '2_own.sqlite3.down.sql'               = 'DROP TABLE lite_only;'
            '3_generic.up.sql'                     = 'CREATE TABLE generic_t (id INTEGER);'
            '3_generic.down.sql'                   = 'DROP TABLE generic_t;'
            "3_generic.$Dialect.up.sql"            = 'CREATE TABLE own_generic (id INTEGER);'
            "3_generic.$Dialect.down.sql"          = 'DROP TABLE own_generic;'
            '4_index.postgres.autocommit.up.sql'   = 'CREATE INDEX CONCURRENTLY ix_base_id ON base (id);'
            '4_index.postgres.autocommit.down.sql' = 'DROP INDEX CONCURRENTLY ix_base_id;'
            '100000000000000000001_big.up.sql'     = 'CREATE TABLE big_version (id INTEGER);'
            '100000000000000000001_big.down.sql'   = 'DROP TABLE big_version;'
            '99999999999999999999_before.up.sql'   = 'CREATE TABLE before_big (id INTEGER);'
            '99999999999999999999_before.down.sql' = 'DROP TABLE before_big;'
        }
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'gives each database its own files, in version order, and undoes them' {
        $before = Get-TestSchema $Db
        $expected = @('1', '2', '3') + $(if ($Provider -eq 'PostgreSql') { '4' }) + @('99999999999999999999', '100000000000000000001')
        (Get-Migration -Path $Folder -Database $Db).Version.ForEach({ $_.ToString() }) | Should -Be $expected

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Not -Contain 'Failed'
        $tables = Get-TestTableNames $Db
        $tables | Should -Contain $Own
        $tables | Should -Contain 'own_generic' -Because "the $Dialect file wins over the generic one"
        $tables | Should -Not -Contain 'generic_t'
        foreach ($other in @('pg_only', 'my_only', 'lite_only') | Where-Object { $_ -ne $Own }) { $tables | Should -Not -Contain $other }

        $null = Undo-Migration -Database $Db -All -Confirm:$false
        Get-TestSchema $Db | Should -Be $before
    }
}
