using System;
using System.Runtime.InteropServices;
using System.Security;

namespace RollbackTools.Engine.Connections
{
    /// <summary>
    /// The only place a SecureString becomes plain text: just long enough to hand it to the
    /// driver's connection-string builder, which is the provider's own secret holder.
    /// </summary>
    internal static class SecretText
    {
        public static SecureString Protect(string plain)
        {
            var secure = new SecureString();
            foreach (char c in plain)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        public static string Reveal(SecureString secure)
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
