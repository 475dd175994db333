from carenet_core.migrations import run_env
from probe.app import ProbeSettings

run_env(ProbeSettings)
