/// Connector ids in order, events naming no connector first: a pair, so that no id (not -1,
/// which a log can hold) stands for "none" and is taken for it.
func connectorOrder(_ connectorId: Int?) -> (Int, Int) {
    connectorId.map { (1, $0) } ?? (0, 0)
}
