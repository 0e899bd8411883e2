# latnas device profile: Jetson AGX Orin, 50 W power mode.
# Source: "GPU Efficiency Derate Table (Jetson Orin AGX 50W)", shared/spec/orin-agx-50w-derate-table.txt,
# read as shared/spec/latency-model.md fixes it. Every row of that table is here, values as printed.
# Format: data/devices/README.md. This file is compiled into latnas (the embedded default).

name        orin-agx-50w
description Jetson AGX Orin, 50 W power mode (GPU derate table for FP32 with TF32 enabled; CPU row from the same table)

# G MACs/s. The table's base peak is "958 GFLOPS"; its FLOPs are MACs, so this is 958 G MACs/s.
gpu_peak    958
# G MACs/s. Not in the table (latency-model.md's default): 12 Cortex-A78AE cores (all online at 50 W)
# x 1.4976 GHz (the mode's CPU clock cap) x 8 FP32 MACs/cycle (two 128-bit FMA pipes) = 143.77, i.e. 143.8.
cpu_peak    143.8

# GPU rows, one per pattern. Bands [lo, hi) in MACs; "a->b" is linear in log10(MACs);
# "<X" is constant; ">X a->b" spans [X, 10X) and holds b beyond.
gpu depthwise all 0.03                    # "Pure Depthwise Conv": 0.03 (3%)
gpu mbconv    <10M 0.025 | 10M-30M 0.025->0.035 | 30M-50M 0.035->0.055 | >50M 0.055->0.10
gpu conv_bn   <1M 0.01 | 1M-10M 0.02->0.06 | 10M-50M 0.06->0.20 | 50M-200M 0.23->0.54 | 200M-500M 0.73->0.80 | 500M-5G 0.80->4.50 | >5G 4.50->5.00
gpu conv      <1M 0.01 | 1M-10M 0.02->0.06 | 10M-50M 0.06->0.20 | 50M-200M 0.60->1.13 | 200M-500M 1.13->1.30 | 500M-5G 1.30->5.40 | >5G 5.40->5.60
gpu matmul    <1M 0.01 | 1M-10M 0.02->0.06 | 10M-50M 0.06->0.20 | 50M-200M 0.35->0.80 | 200M-500M 0.60->1.15 | 500M-5G 0.90->1.40 | >5G 1.40->1.50

# CPU row ("CPU Efficiency (for comparison)"), used for every pattern.
cpu           <1M 0.15 | 1M-10M 0.15->0.25 | 10M-100M 0.25->0.70 | >100M 0.70->1.00
