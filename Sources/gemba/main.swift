print("gemba")
