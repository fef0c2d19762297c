using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>Stores <see cref="ServiceState"/> as the original's upper-case words: OK, WARNING, ERROR, UNKNOWN.</summary>
internal sealed class ServiceStateConverter() : ValueConverter<ServiceState, string>(
    state => state.ToString().ToUpperInvariant(),
    text => Enum.Parse<ServiceState>(text, true));
