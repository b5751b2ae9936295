"""Pages of the decisions domain: the decision list, a decision with its actions, the tracker."""
