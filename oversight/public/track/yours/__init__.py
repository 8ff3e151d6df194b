"""Your information, from the track page: the pages (views.py); what they do is in
oversight.public.track.self_service and their_copy."""
