using System.Text;

namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// <c>hash-password</c>: reads a password (typed without echo, or piped on standard input) and prints its hash for
/// <see cref="AccessOptions.PasswordHash"/>, so the password itself is never stored.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public const int MinimumLength = 8;

    public static int Run(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        string? password;
        if (interactive)
        {
            error.Write("Password: ");
            password = ReadWithoutEcho();
            error.Write("Again: ");
            if (ReadWithoutEcho() != password)
            {
                error.WriteLine("The two passwords differ; nothing was written.");
                return 1;
            }
        }
        else
        {
            password = input.ReadLine();
        }

        if (password is null || password.Length < MinimumLength)
        {
            error.WriteLine($"The password must have at least {MinimumLength} characters.");
            return 1;
        }

        output.WriteLine(PasswordHash.Create(password));
        return 0;
    }

    private static string ReadWithoutEcho()
    {
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
