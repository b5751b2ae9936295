"""The drafting room: texts as provisions, Member States' proposals, the chair's revisions."""
