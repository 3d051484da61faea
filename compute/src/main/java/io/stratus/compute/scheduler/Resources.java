package io.stratus.compute.scheduler;

/** What an instance takes from a host: virtual CPUs, RAM in MiB and disk in GiB. */
public record Resources(int vcpus, long ramMb, long diskGb) {
  public static final Resources NONE = new Resources(0, 0, 0);

  public Resources plus(Resources other) {
    return new Resources(vcpus + other.vcpus, ramMb + other.ramMb, diskGb + other.diskGb);
  }

  public Resources minus(Resources other) {
    return new Resources(vcpus - other.vcpus, ramMb - other.ramMb, diskGb - other.diskGb);
  }
}
