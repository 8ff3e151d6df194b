"""Letters by post (issue 17): a message to a complainant who asked for post, or has no
email address, as an A4 PDF letter staff print and post (pdf), which messages need one
and marking one posted (services), and the case page's "Letters to post" section with
its download and its action (views). The letter's fixed words are in words."""
