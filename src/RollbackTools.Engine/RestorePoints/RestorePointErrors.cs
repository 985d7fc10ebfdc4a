using RollbackTools.Engine.Connections;

namespace RollbackTools.Engine.RestorePoints
{
    internal static class RestorePointErrors
    {
        public static RollbackToolsException Unavailable(DatabaseSession session, string why) =>
            new RollbackToolsException(ErrorIds.PointInTimeRecoveryUnavailable, FailureCategory.InvalidOperation, $"{session.Target.Url} cannot be recovered to a point in time: {why}", session.Target);
    }
}
