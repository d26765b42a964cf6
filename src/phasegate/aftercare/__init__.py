"""After an autonomous resolution: CSAT surveys, durable resolution, the weekly sampled review, the control
group's comparison."""
