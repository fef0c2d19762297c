using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// A salted PBKDF2-HMAC-SHA256 password hash written as <c>pbkdf2-sha256:ITERATIONS:SALT:KEY</c> (salt and key in
/// unpadded base64url), so it goes into <c>.env</c>, a shell or <c>sed</c> without quoting: no <c>$</c>, <c>/</c> or spaces.
/// </summary>
// The AppHost compiles this file too (it hashes the password it generates for a run); there it stays internal, so
// the tests, which see both assemblies, find one PasswordHash.
#if LINKED_INTO_APPHOST
internal
#else
public
#endif
sealed class PasswordHash
{
    public const string Algorithm = "pbkdf2-sha256";

    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (2023): about a quarter of a second on one small core.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Below this a stolen hash is cheap to attack; such a hash is refused at start.</summary>
    public const int MinimumIterations = 100_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    private readonly byte[] _salt;
    private readonly byte[] _key;

    private PasswordHash(int iterations, byte[] salt, byte[] key)
    {
        Iterations = iterations;
        _salt = salt;
        _key = key;
    }

    public int Iterations { get; }

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, iterations, KeyBytes);
        return string.Join(':', Algorithm, iterations.ToString(CultureInfo.InvariantCulture), Base64Url.EncodeToString(salt), Base64Url.EncodeToString(key));
    }

    /// <summary>Reads a hash written by <see cref="Create"/>; <paramref name="error"/> says what is wrong with one that is not.</summary>
    public static bool TryParse(string? text, out PasswordHash? hash, out string? error)
    {
        hash = null;
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 4 || parts[0] != Algorithm)
        {
            error = $"expected {Algorithm}:ITERATIONS:SALT:KEY, as `hash-password` writes it";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinimumIterations)
        {
            error = $"the iteration count must be a number of at least {MinimumIterations:N0}";
            return false;
        }

        byte[] salt, key;
        try
        {
            salt = Base64Url.DecodeFromChars(parts[2]);
            key = Base64Url.DecodeFromChars(parts[3]);
        }
        catch (FormatException)
        {
            error = "the salt and the key must be base64url";
            return false;
        }

        if (salt.Length < SaltBytes || key.Length < KeyBytes)
        {
            error = $"the salt must be at least {SaltBytes} bytes and the key at least {KeyBytes}";
            return false;
        }

        hash = new PasswordHash(iterations, salt, key);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="password"/> is the one hashed, compared in constant time.</summary>
    public bool Matches(string password) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, _salt, Iterations, _key.Length), _key);

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);
}
