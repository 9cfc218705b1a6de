"""What a learner's commands run: build a step, check it, report, and the tools around it."""
