namespace PhotoFactory.Catalog.Assets;

/// <summary>Where a photo was taken, in WGS84 degrees and metres; stored as JSON.</summary>
public sealed record GeoLocation
{
    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public double? Altitude { get; init; }

    /// <summary>True when the coordinates are on Earth and not the (0, 0) "null island" that broken GPS writes.</summary>
    public bool IsPlausible =>
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180 && !(Latitude == 0 && Longitude == 0)
        && double.IsFinite(Latitude) && double.IsFinite(Longitude);
}
