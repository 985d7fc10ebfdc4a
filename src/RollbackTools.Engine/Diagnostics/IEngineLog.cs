namespace RollbackTools
{
    /// <summary>
    /// How the engine reports what it is doing without knowing about PowerShell streams.
    /// Implementations must never receive a password: callers pass redacted text only.
    /// </summary>
    public interface IEngineLog
    {
        void Verbose(string message);

        void Debug(string message);

        /// <summary>
        /// Whether anyone reads Debug: the SQL of every command goes there, and building and passing those
        /// messages is most of a small migration's client time when nobody does.
        /// </summary>
        bool WantsDebug => true;

        /// <summary>Something the operator should notice although the work goes on.</summary>
        void Warning(string message);
    }

    /// <summary>A log that drops everything, for callers that do not listen.</summary>
    public sealed class NullEngineLog : IEngineLog
    {
        public static readonly NullEngineLog Instance = new NullEngineLog();

        private NullEngineLog()
        {
        }

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void Warning(string message)
        {
        }
    }
}
