namespace PhotoFactory.AppHost.Publishing.Kubernetes;

/// <summary>Where a deployment folder lives in a Kubernetes deployment.</summary>
public abstract record KubernetesVolume
{
    /// <summary>
    /// The one ReadWriteMany claim that holds the inbox, the originals, the quarantine and the services' data: every
    /// Librarian replica, on whichever node, must see the same files.
    /// </summary>
    public const string SharedClaim = "photofactory-photos";

    /// <summary>
    /// The storage class of <see cref="SharedClaim"/>, named here and nowhere else: any class that offers
    /// ReadWriteMany (an NFS provisioner's, CephFS, Longhorn's RWX). <c>nfs-client</c> is the class the
    /// nfs-subdir-external-provisioner makes by default.
    /// </summary>
    public const string SharedStorageClass = "nfs-client";

    /// <summary>What the shared claim asks for; NFS provisioners do not enforce it.</summary>
    public const string SharedClaimSize = "1Ti";
}

/// <summary>A folder on the shared claim.</summary>
public sealed record SharedFolder(string SubPath) : KubernetesVolume;

/// <summary>A claim of its own, ReadWriteOnce in the cluster's default class (a database Syncthing keeps must not sit on NFS).</summary>
public sealed record OwnClaim(string ClaimName, string Size) : KubernetesVolume;

/// <summary>
/// Files shipped beside the manifests, made into a ConfigMap by the kustomization. <paramref name="FileByFile"/>:
/// each file is mounted on its own, so the program can still write other files in the folder (Homepage does).
/// </summary>
public sealed record ConfigFolder(string ConfigMap, bool Executable, bool FileByFile) : KubernetesVolume;
