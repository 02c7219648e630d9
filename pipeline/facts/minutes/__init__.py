"""The minutes and handleplan stage: agenda items with decisions, attendees, deadlines."""
