namespace RollbackTools
{
    /// <summary>
    /// Every ErrorId the module raises. They are a contract: scripts match on them through
    /// FullyQualifiedErrorId, so a published id is never renamed.
    /// </summary>
    public static class ErrorIds
    {
        public const string DatabaseUnreachable = nameof(DatabaseUnreachable);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string InvalidDatabaseUrl = nameof(InvalidDatabaseUrl);
        public const string DatabaseNotSpecified = nameof(DatabaseNotSpecified);
        public const string DatabaseNotFound = nameof(DatabaseNotFound);
        public const string InvalidIdentifier = nameof(InvalidIdentifier);
        public const string InsufficientPrivilege = nameof(InsufficientPrivilege);
        public const string NotSupported = nameof(NotSupported);
        public const string QueryFailed = nameof(QueryFailed);
        public const string OperationCancelled = nameof(OperationCancelled);
        public const string MigrationPathNotFound = nameof(MigrationPathNotFound);
        public const string InvalidMigrationScript = nameof(InvalidMigrationScript);
        public const string DuplicateMigrationVersion = nameof(DuplicateMigrationVersion);
        public const string InvalidMigrationName = nameof(InvalidMigrationName);
        public const string MigrationNotWritten = nameof(MigrationNotWritten);
        public const string PointInTimeRecoveryUnavailable = nameof(PointInTimeRecoveryUnavailable);
        public const string RestorePointExists = nameof(RestorePointExists);
        public const string RecoveryFailed = nameof(RecoveryFailed);
        public const string InvalidRestorePointName = nameof(InvalidRestorePointName);
        public const string OrphanDownScript = nameof(OrphanDownScript);
        public const string UnknownDirective = nameof(UnknownDirective);
        public const string ChecksumMismatch = nameof(ChecksumMismatch);
        public const string MissingDownScript = nameof(MissingDownScript);
        public const string MigrationFailed = nameof(MigrationFailed);
        public const string DatabaseDirty = nameof(DatabaseDirty);
        public const string MigrationsPending = nameof(MigrationsPending);
        public const string MigrationModified = nameof(MigrationModified);
        public const string MigrationMissing = nameof(MigrationMissing);
        public const string MigrationLocked = nameof(MigrationLocked);
        public const string MigrationNotFound = nameof(MigrationNotFound);
        public const string MigrationNotDirty = nameof(MigrationNotDirty);
        public const string OtherToolHistory = nameof(OtherToolHistory);
        public const string JournalNotEmpty = nameof(JournalNotEmpty);
        public const string SchemaDrift = nameof(SchemaDrift);
        public const string InvalidRolloutOption = nameof(InvalidRolloutOption);
        public const string RolloutStopped = nameof(RolloutStopped);
        public const string InvalidProjectFile = nameof(InvalidProjectFile);
        public const string LockTimeout = nameof(LockTimeout);
        public const string TableNotFound = nameof(TableNotFound);
        public const string ColumnNotFound = nameof(ColumnNotFound);
        public const string BackupNotFound = nameof(BackupNotFound);
        public const string BackupVerificationFailed = nameof(BackupVerificationFailed);
        public const string RestoreVerificationFailed = nameof(RestoreVerificationFailed);
        public const string NoPrimaryKey = nameof(NoPrimaryKey);
        public const string DumpToolNotFound = nameof(DumpToolNotFound);
        public const string StatementTimeout = nameof(StatementTimeout);
        public const string OwnSession = nameof(OwnSession);
        public const string DatabaseHasData = nameof(DatabaseHasData);
        public const string InvalidSnapshot = nameof(InvalidSnapshot);
        public const string RollbackTestFailed = nameof(RollbackTestFailed);
        public const string HasDependents = nameof(HasDependents);
        public const string NameTaken = nameof(NameTaken);
        public const string ObjectInUse = nameof(ObjectInUse);
        public const string NoRecentBackup = nameof(NoRecentBackup);
        public const string InvalidMaintenanceWindow = nameof(InvalidMaintenanceWindow);
        public const string InvalidRetention = nameof(InvalidRetention);
        public const string NotReady = nameof(NotReady);
        public const string RollbackStepFailed = nameof(RollbackStepFailed);
    }
}
