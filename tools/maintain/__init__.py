"""What CI and the course's authors run: the checks of the course itself, the bench, the slides, the catalogues."""
